// The footer of a growing list: how many rows are shown, and "Load more" while the server has more.
export function Pager({ shown, noun, hasNext, fetching, onLoadMore }: { shown: number; noun?: string; hasNext: boolean; fetching: boolean; onLoadMore: () => void }) {
  return (
    <div className="pager">
      <span>
        {shown} {noun ? `${noun}${shown === 1 ? '' : 's'} ` : ''}shown
      </span>
      {hasNext && (
        <button type="button" className="btn btn-small" onClick={onLoadMore} disabled={fetching}>
          {fetching ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
