// The orders page the dashboard asks for: the query every GraphQL benchmark measures.
export const ORDERS_PAGE_QUERY = `query Orders($brandId: ID!) {
  orders(brandId: $brandId, first: 50) {
    edges { cursor node {
      id orderNumber referenceId status updatedAt totalPrice { amount currency }
      lineItems { sku quantity unitPrice { amount currency } }
      shipments { status carrierName trackingNumbers packages { trackingNumber trackingUrl shippingCost { amount currency } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
