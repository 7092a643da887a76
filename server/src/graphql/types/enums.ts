// GraphQL enums mirrored from the Prisma enums, so the two can never drift apart.
import { MembershipRole, OrderStatus, ReceivingStatus, ShipmentStatus } from '../../generated/prisma/enums.js';
import { builder } from '../builder.js';

export const OrderStatusEnum = builder.enumType(OrderStatus, { name: 'OrderStatus' });
export const ShipmentStatusEnum = builder.enumType(ShipmentStatus, { name: 'ShipmentStatus' });
export const ReceivingStatusEnum = builder.enumType(ReceivingStatus, { name: 'ReceivingStatus' });
export const MembershipRoleEnum = builder.enumType(MembershipRole, { name: 'MembershipRole' });

export const SortDirectionEnum = builder.enumType('SortDirection', {
  values: { ASC: { value: 'asc' }, DESC: { value: 'desc' } } as const,
});
