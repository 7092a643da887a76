// The few lines a newcomer needs after `npm start`, written in one piece (one write call) so the
// API's and worker's log lines cannot land in the middle of it.
export type BannerFacts = { apiUrl: string; adminKey: string | null; demoLine: string | null; trackstar: string };

export function bannerText(f: BannerFacts): string {
  const lines = [
    'Packr is running',
    '',
    `  Dashboard   ${f.apiUrl}/`,
    `  GraphiQL    ${f.apiUrl}/graphql`,
    `  Queues      ${f.apiUrl}/admin/queues (open it from the dashboard's top bar)`,
    `  Metrics     ${f.apiUrl}/metrics (from this machine, or with METRICS_TOKEN)`,
    `  Trackstar   ${f.trackstar}`,
    '',
    ...(f.adminKey
      ? [`  Admin API key (shown once, keep it): ${f.adminKey}`, `  ${f.demoLine ?? ''}`, '  Sign in to the dashboard with it; in GraphiQL send it as {"Authorization": "Bearer <key>"}.']
      : ['  Existing installation: sign in with your API key.', '  A new key: npm run cli -- create-api-key --user <email> --threepl <3PL id>']),
    '',
    '  Stop with Ctrl+C.',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const rule = '='.repeat(width);
  return ['', rule, ...lines.map((l) => ` ${l}`), rule, ''].join('\n') + '\n';
}

export function printBanner(f: BannerFacts): void {
  process.stdout.write(bannerText(f));
}
