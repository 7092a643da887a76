// msgpackr wraps require('msgpackr-extract') in try/catch and falls back to pure JavaScript.
throw new Error('msgpackr-extract is disabled in Packr (see package.json in this folder)');
