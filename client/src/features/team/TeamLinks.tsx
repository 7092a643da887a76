// "Team" and "API keys" in the top bar, for OWNER and ADMIN.
import { Link, useRouter } from '../../app/router';
import { useTeamViewer } from './shared';

export function TeamLinks() {
  const { route } = useRouter();
  const { manager } = useTeamViewer();
  if (!manager) return null;
  return (
    <>
      <Link to="/settings/team" aria-current={route.name === 'team' ? 'page' : undefined}>
        Team
      </Link>
      <Link to="/settings/api-keys" aria-current={route.name === 'apiKeys' ? 'page' : undefined}>
        API keys
      </Link>
    </>
  );
}
