// "Queues" in the top bar, for OWNER and ADMIN: signs in to the queue board and opens it in a new
// tab. A refusal (say, this tenant does not operate the deployment) is shown with the server's
// reason, which names the setting that decides.
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { QUEUE_BOARD_URL, signInToQueueBoard } from './queue-board';
import { readStoredKey } from './session';

const ShellViewer = graphql(`
  query ShellViewer {
    viewer {
      role
    }
  }
`);

export function QueuesLink() {
  const [{ data }] = useQuery({ query: ShellViewer });
  const [problem, setProblem] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const role = data?.viewer.role;
  if (role !== 'OWNER' && role !== 'ADMIN') return null;

  async function open() {
    setProblem(null);
    // Opened now, while the click still counts as the user's, so popup blockers let it through.
    const tab = window.open('about:blank', '_blank');
    if (tab) tab.opener = null;
    const key = readStoredKey();
    setOpening(true);
    const result = key ? await signInToQueueBoard(key) : { ok: false as const, message: 'Your session has no API key; sign in again' };
    setOpening(false);
    if (!result.ok) {
      tab?.close();
      setProblem(result.message);
      return;
    }
    if (tab) tab.location.href = QUEUE_BOARD_URL;
    else window.location.assign(QUEUE_BOARD_URL);
  }

  return (
    <>
      <a
        href={QUEUE_BOARD_URL}
        onClick={(event) => {
          event.preventDefault();
          void open();
        }}
        aria-busy={opening || undefined}
      >
        Queues ↗
      </a>
      {problem && (
        <div className="toast banner banner-bad" role="alert">
          <span>Could not open the queue board: {problem}</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
