// "Webhooks" in the top bar, for 3PL members (operators read, owners and admins manage); brand
// viewers have no access to the 3PL's endpoints and see no link.
import { Link, useRouter } from '../../app/router';
import { useTeamViewer } from '../team/shared';

export function WebhooksLink() {
  const { route } = useRouter();
  const { role } = useTeamViewer();
  if (role === null) return null;
  return (
    <Link to="/settings/webhooks" aria-current={route.name === 'webhooks' || route.name === 'webhookDeliveries' ? 'page' : undefined}>
      Webhooks
    </Link>
  );
}
