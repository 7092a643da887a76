// "Webhooks" among the settings tabs, for 3PL members (operators read, owners and admins manage); brand
// viewers have no access to the 3PL's endpoints and see no link.
import { Link, useRouter } from '../../app/router';
import { useTeamViewer } from '../team/shared';

export function WebhooksLink({ className }: { className?: string }) {
  const { route } = useRouter();
  const { role } = useTeamViewer();
  if (role === null) return null;
  return (
    <Link to="/settings/webhooks" className={className} aria-current={route.name === 'webhooks' || route.name === 'webhookDeliveries' ? 'page' : undefined}>
      Webhooks
    </Link>
  );
}
