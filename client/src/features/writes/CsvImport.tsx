// The CSV import screen (orders, or stock adjustments): the columns with a template to download,
// the file checked row by row before anything is sent, then the rows sent in chunks with a
// progress bar, one result per row, and an error report to fix and import again. Re-importing a
// file (after an interruption, or by mistake) never acts twice: every row has its own
// idempotency key (see idempotency.ts).
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useClient } from 'urql';
import { Badge, type Tone } from '../../app/ui';
import { formatNumber } from '../../lib/format';
import { checkFileSize, csvDataUrl, type RowProblem } from './csv-table';
import { useFormId } from './FormFields';
import { errorReport, outcomeMessage, problemsReport, type ImportItem, type ImportSpec, type PreparedFile } from './import-items';
import { resendable, runImport, tally, type RowOutcome } from './import-runner';
import { WriteDialog } from './WriteDialog';

type Stage =
  | { name: 'choose' }
  | { name: 'reading'; step: string }
  | { name: 'problems'; fileName: string; problems: RowProblem[] }
  | { name: 'ready'; fileName: string; file: Extract<PreparedFile, { ok: true }> }
  | { name: 'running' | 'finished'; fileName: string; file: Extract<PreparedFile, { ok: true }>; stopped: string | null };

const RESULT: Record<RowOutcome['status'], { label: string; tone: Tone }> = {
  pending: { label: 'Not sent', tone: 'neutral' },
  sending: { label: 'Sending', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'ok' },
  replayed: { label: 'Replayed', tone: 'info' },
  failed: { label: 'Error', tone: 'bad' },
};

type Filter = 'all' | 'problems' | 'replayed';

export function CsvImportDialog({ spec, brandId, wms, onClose }: { spec: ImportSpec; brandId: string; wms: string; onClose(): void }) {
  const id = useFormId(`import-${spec.kind}`);
  const client = useClient();
  const [stage, setStage] = useState<Stage>({ name: 'choose' });
  const [outcomes, setOutcomes] = useState<RowOutcome[]>([]);
  const [filter, setFilter] = useState<Filter>('all');
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Closing the screen mid-run stops after the chunks in flight; their rows keep their keys.
  useEffect(() => () => abort.current?.abort(), []);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const chosen = e.target.files?.[0];
    if (!chosen) return;
    const fileName = chosen.name;
    const sizeProblem = checkFileSize(chosen.size);
    if (sizeProblem) return setStage({ name: 'problems', fileName, problems: [{ row: null, message: sizeProblem }] });
    setStage({ name: 'reading', step: `Reading ${fileName}…` });
    let prepared: PreparedFile;
    try {
      const text = await chosen.text();
      prepared = await spec.prepare(text, { client, brandId, onStep: (step) => setStage({ name: 'reading', step }) });
    } catch (error) {
      prepared = { ok: false, problems: [{ row: null, message: (error as Error).message || 'The file could not be read.' }] };
    }
    if (!prepared.ok) return setStage({ name: 'problems', fileName, problems: prepared.problems });
    setOutcomes(prepared.items.map(() => ({ status: 'pending' })));
    setStage({ name: 'ready', fileName, file: prepared });
  }

  async function run(file: Extract<PreparedFile, { ok: true }>, fileName: string, indexes: number[]) {
    const controller = new AbortController();
    abort.current = controller;
    setStage({ name: 'running', fileName, file, stopped: null });
    const end = await runImport({
      inputs: file.items.map((item) => item.input),
      indexes,
      send: (inputs) => spec.send(client, brandId, inputs),
      signal: controller.signal,
      onOutcomes: (updates) => setOutcomes((prev) => prev.map((o, i) => updates.get(i) ?? o)),
    });
    if (controller.signal.aborted && abort.current !== controller) return; // the screen was closed
    abort.current = null;
    const stopped = end.stopped === 'failed' ? `The import stopped: ${end.message}. Rows not sent yet can be sent with Resume; rows already done will not be done again.` : end.stopped === 'aborted' ? 'Stopped. Rows not sent yet can be sent with Resume.' : null;
    setStage({ name: 'finished', fileName, file, stopped });
    headingRef.current?.focus();
  }

  function chooseAnother() {
    setStage({ name: 'choose' });
    setOutcomes([]);
    if (fileInput.current) fileInput.current.value = '';
  }

  const running = stage.name === 'running';
  const counts = tally(outcomes);
  const retryRows = resendable(outcomes);

  return (
    <WriteDialog title={`Import ${spec.nouns} from CSV`} subtitle={`Written to ${wms} through Trackstar`} wide busy={running} onClose={onClose} testId={`import-${spec.kind}-dialog`}>
      <div className="import-steps">
        {(stage.name === 'choose' || stage.name === 'reading' || stage.name === 'problems') && (
          <>
            <div className="import-file">
              <label htmlFor={`${id}-file`}>CSV file</label>
              <input
                ref={fileInput}
                id={`${id}-file`}
                type="file"
                accept=".csv,text/csv"
                onChange={(e) => void onFile(e)}
                disabled={stage.name === 'reading'}
                aria-describedby={`${id}-file-hint`}
                data-autofocus
              />
              <a className="btn btn-small" href={csvDataUrl(spec.template)} download={spec.templateName}>
                Download template
              </a>
            </div>
            <p id={`${id}-file-hint`} className="field-hint">
              Comma- or semicolon-separated, UTF-8, first row naming the columns; up to 10,000 rows and 5 MB.
            </p>
            <details>
              <summary>Columns of the file</summary>
              <table className="import-columns" style={{ marginTop: 8 }}>
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Required</th>
                    <th scope="col">What it holds</th>
                  </tr>
                </thead>
                <tbody>
                  {spec.columns.map((c) => (
                    <tr key={c.name}>
                      <td className="mono">{c.name}</td>
                      <td>{c.required ? 'Yes' : spec.kind === 'adjustments' && (c.name === 'sku' || c.name === 'inventory_item_id') ? 'One of the two' : 'No'}</td>
                      <td>{c.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            {spec.notes.map((n) => (
              <p key={n} className="small muted">
                {n}
              </p>
            ))}
          </>
        )}

        {stage.name === 'reading' && (
          <p role="status" className="muted">
            <span className="spinner" aria-hidden="true" style={{ display: 'inline-block', verticalAlign: 'middle', marginRight: 6 }} />
            {stage.step}
          </p>
        )}

        {stage.name === 'problems' && <FileProblems fileName={stage.fileName} problems={stage.problems} />}

        {stage.name === 'ready' && (
          <div className="write-form">
            <p role="status" data-testid="import-ready">
              <strong>{stage.fileName}</strong>: {formatNumber(stage.file.rows.length)} rows, {formatNumber(stage.file.items.length)} {stage.file.items.length === 1 ? spec.noun : spec.nouns} ready to send. Nothing has been sent yet.
            </p>
            {stage.file.ignoredColumns.length > 0 && (
              <p className="banner banner-warn">Columns not used (check the spelling if one was meant): {stage.file.ignoredColumns.join(', ')}.</p>
            )}
            <div className="write-actions">
              <button type="button" className="btn" onClick={chooseAnother}>
                Choose another file
              </button>
              <button type="button" className="btn btn-primary" onClick={() => void run(stage.file, stage.fileName, stage.file.items.map((_, i) => i))} data-testid="import-start">
                Import {formatNumber(stage.file.items.length)} {stage.file.items.length === 1 ? spec.noun : spec.nouns}
              </button>
            </div>
          </div>
        )}

        {(stage.name === 'running' || stage.name === 'finished') && (
          <>
            <h3 ref={headingRef} tabIndex={-1}>
              {stage.name === 'running' ? `Importing ${stage.fileName}` : `${stage.fileName}: ${stage.stopped ? 'stopped' : 'done'}`}
            </h3>
            <div className="import-progress">
              <label htmlFor={`${id}-progress`}>Import progress</label>
              <progress id={`${id}-progress`} max={counts.total} value={counts.done} data-testid="import-progress" />
              <p role="status" aria-live="polite" data-testid="import-status">
                {formatNumber(counts.done)} of {formatNumber(counts.total)} {spec.nouns} answered ({Math.floor((counts.done / Math.max(1, counts.total)) * 100)}%): {formatNumber(counts.succeeded)} succeeded, {formatNumber(counts.replayed)} replayed, {formatNumber(counts.failed)} failed.
              </p>
            </div>
            {stage.stopped && (
              <p className="banner banner-warn" role="alert">
                {stage.stopped}
              </p>
            )}
            <div className="import-summary">
              <Stat label="Succeeded" value={counts.succeeded} testId="count-succeeded" />
              <Stat label="Replayed (done before)" value={counts.replayed} testId="count-replayed" />
              <Stat label="Failed" value={counts.failed} testId="count-failed" />
              <Stat label={running ? 'Waiting' : 'Not sent'} value={counts.pending + counts.sending} testId="count-pending" />
            </div>
            <div className="write-actions">
              {running ? (
                <button type="button" className="btn" onClick={() => abort.current?.abort()}>
                  Stop after the rows in flight
                </button>
              ) : (
                <>
                  <button type="button" className="btn" onClick={chooseAnother}>
                    Import another file
                  </button>
                  {counts.failed + counts.pending > 0 && <ReportLink file={stage.file} items={stage.file.items} outcomes={outcomes} fileName={stage.fileName} />}
                  {retryRows.length > 0 && (
                    <button type="button" className="btn btn-primary" onClick={() => void run(stage.file, stage.fileName, retryRows)}>
                      {counts.pending > 0 ? `Resume: send ${formatNumber(retryRows.length)} rows` : `Retry ${formatNumber(retryRows.length)} rows Trackstar did not complete`}
                    </button>
                  )}
                </>
              )}
            </div>
            <Results items={stage.file.items} outcomes={outcomes} filter={filter} onFilter={setFilter} id={id} />
          </>
        )}
      </div>
    </WriteDialog>
  );
}

/** "4", "4–6" for consecutive rows, "4, 9, 12" otherwise. */
export function formatRows(rows: readonly number[]): string {
  const consecutive = rows.every((r, i) => i === 0 || r === rows[i - 1] + 1);
  if (rows.length > 1 && consecutive) return `${rows[0]}–${rows[rows.length - 1]}`;
  return rows.length > 6 ? `${rows.slice(0, 5).join(', ')}, …` : rows.join(', ');
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value" data-testid={testId}>
        {formatNumber(value)}
      </span>
    </div>
  );
}

function FileProblems({ fileName, problems }: { fileName: string; problems: RowProblem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [problems]);
  const shown = problems.slice(0, 200);
  return (
    <div ref={ref} className="write-errors" role="alert" tabIndex={-1} data-testid="import-problems">
      <strong>
        {fileName}: {problems.length === 1 ? 'one problem' : `${formatNumber(problems.length)} problems`}. Nothing was sent; fix the file and choose it again.
      </strong>
      <ul className="import-problems">
        {shown.map((p, i) => (
          <li key={i}>
            {p.row !== null && `Row ${p.row}${p.column ? `, ${p.column}` : ''}: `}
            {p.message}
          </li>
        ))}
      </ul>
      {problems.length > shown.length && <p className="small">…and {formatNumber(problems.length - shown.length)} more in the downloadable list.</p>}
      {problems.some((p) => p.row !== null) && (
        <div>
          <a className="btn btn-small" href={csvDataUrl(problemsReport(problems))} download={`${fileName.replace(/\.csv$/i, '')}-problems.csv`}>
            Download the problems (CSV)
          </a>
        </div>
      )}
    </div>
  );
}

function ReportLink({ file, items, outcomes, fileName }: { file: Extract<PreparedFile, { ok: true }>; items: ImportItem[]; outcomes: RowOutcome[]; fileName: string }) {
  const [href, setHref] = useState<string | null>(null);
  // An object URL, not a data: URL: the report of a large file can be megabytes.
  useEffect(() => {
    const report = errorReport(file, items, outcomes);
    const url = URL.createObjectURL(new Blob([`\uFEFF${report.csv}`], { type: 'text/csv;charset=utf-8' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [file, items, outcomes]);
  if (!href) return null;
  return (
    <a className="btn" href={href} download={`${fileName.replace(/\.csv$/i, '')}-errors.csv`} data-testid="error-report">
      Download error report (CSV)
    </a>
  );
}

function Results({ items, outcomes, filter, onFilter, id }: { items: ImportItem[]; outcomes: RowOutcome[]; filter: Filter; onFilter(f: Filter): void; id: string }) {
  const rows = items
    .map((item, i) => ({ item, outcome: outcomes[i] }))
    .filter(({ outcome }) => filter === 'all' || (filter === 'replayed' ? outcome.status === 'replayed' : outcome.status === 'failed' || outcome.status === 'pending'));
  return (
    <>
      <div className="inline-form">
        <label htmlFor={`${id}-filter`}>Show</label>
        <select id={`${id}-filter`} value={filter} onChange={(e) => onFilter(e.target.value as Filter)}>
          <option value="all">Every row</option>
          <option value="problems">Failed and not sent</option>
          <option value="replayed">Replayed</option>
        </select>
        <span className="muted small">{formatNumber(rows.length)} shown</span>
      </div>
      <div className="import-results" tabIndex={0} role="region" aria-label="Results per row">
        <table>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">What</th>
              <th scope="col">Result</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item, outcome }) => (
              <tr key={item.idempotencyKey} data-testid="import-result" data-status={outcome.status}>
                <td className="mono">{formatRows(item.rows)}</td>
                <td>{item.label}</td>
                <td>
                  <Badge tone={RESULT[outcome.status].tone}>{RESULT[outcome.status].label}</Badge>
                </td>
                <td>{outcomeMessage(outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
