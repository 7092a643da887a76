// "Team" and "API keys" among the settings tabs, for OWNER and ADMIN.
import { Link, useRouter } from '../../app/router';
import { useTeamViewer } from './shared';

export function TeamLinks({ className }: { className?: string }) {
  const { route } = useRouter();
  const { manager } = useTeamViewer();
  if (!manager) return null;
  return (
    <>
      <Link to="/settings/team" className={className} aria-current={route.name === 'team' ? 'page' : undefined}>
        Team
      </Link>
      <Link to="/settings/api-keys" className={className} aria-current={route.name === 'apiKeys' ? 'page' : undefined}>
        API keys
      </Link>
    </>
  );
}
