// The GraphQL operations of the dashboard's WMS writes and the look-ups their forms need. Each
// write selects the record as the list shows it, so the answer matches the row updated live.
import { graphql } from '../../gql';

graphql(`
  fragment WmsWriteErrorFields on WmsWriteError {
    field
    message
    code
  }
`);

export const CreateOrderWrite = graphql(`
  mutation CreateOrderWrite($brandId: ID!, $input: CreateOrderInput!) {
    createOrder(brandId: $brandId, input: $input) {
      order {
        ...OrderRow
      }
      idempotencyKey
      replayed
      userErrors {
        ...WmsWriteErrorFields
      }
    }
  }
`);

export const CancelOrderWrite = graphql(`
  mutation CancelOrderWrite($orderId: ID!, $idempotencyKey: String) {
    cancelOrder(orderId: $orderId, idempotencyKey: $idempotencyKey) {
      order {
        ...OrderRow
      }
      idempotencyKey
      replayed
      userErrors {
        ...WmsWriteErrorFields
      }
    }
  }
`);

export const AdjustInventoryWrite = graphql(`
  mutation AdjustInventoryWrite($input: AdjustInventoryInput!) {
    adjustInventory(input: $input) {
      inventoryItem {
        ...InventoryRow
      }
      idempotencyKey
      replayed
      userErrors {
        ...WmsWriteErrorFields
      }
    }
  }
`);

export const CreateInboundShipmentWrite = graphql(`
  mutation CreateInboundShipmentWrite($brandId: ID!, $input: CreateInboundShipmentInput!) {
    createInboundShipment(brandId: $brandId, input: $input) {
      inboundShipment {
        id
        externalId
        purchaseOrderNumber
        status
      }
      idempotencyKey
      replayed
      userErrors {
        ...WmsWriteErrorFields
      }
    }
  }
`);

export const CreateReturnWrite = graphql(`
  mutation CreateReturnWrite($brandId: ID!, $input: CreateReturnInput!) {
    createReturn(brandId: $brandId, input: $input) {
      return {
        id
        externalId
        status
      }
      idempotencyKey
      replayed
      userErrors {
        ...WmsWriteErrorFields
      }
    }
  }
`);

export const CreateOrdersImport = graphql(`
  mutation CreateOrdersImport($brandId: ID!, $inputs: [CreateOrderInput!]!) {
    createOrders(brandId: $brandId, inputs: $inputs) {
      results {
        index
        replayed
        order {
          id
        }
        userErrors {
          ...WmsWriteErrorFields
        }
      }
      userErrors {
        ...WmsWriteErrorFields
      }
    }
  }
`);

export const AdjustInventoryImport = graphql(`
  mutation AdjustInventoryImport($inputs: [AdjustInventoryInput!]!) {
    adjustInventoryBatch(inputs: $inputs) {
      results {
        index
        replayed
        inventoryItem {
          id
        }
        userErrors {
          ...WmsWriteErrorFields
        }
      }
      userErrors {
        ...WmsWriteErrorFields
      }
    }
  }
`);

/** What the forms offer to pick from: warehouses, shipping methods, and active products for SKU suggestions. */
export const WriteChoicesQuery = graphql(`
  query WriteChoices($brandId: ID!) {
    warehouses(brandId: $brandId) {
      id
      externalId
      name
    }
    shippingMethods(brandId: $brandId) {
      id
      name
      carrierName
    }
    products(brandId: $brandId, first: 250, filter: { active: true }) {
      edges {
        node {
          id
          sku
          name
        }
      }
    }
  }
`);

/** One page of the brand's items by SKU, to name the rows of a stock adjustments file. */
export const InventoryIndexQuery = graphql(`
  query InventoryIndex($brandId: ID!, $after: String) {
    inventory(brandId: $brandId, first: 250, after: $after, sort: { field: SKU, direction: ASC }) {
      edges {
        node {
          id
          sku
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    warehouses(brandId: $brandId) {
      id
      externalId
      name
    }
  }
`);

/** Orders whose number, reference or SKU contains the text: a return's order is found by its number. */
export const OrderLookupQuery = graphql(`
  query OrderLookup($brandId: ID!, $search: String!) {
    orders(brandId: $brandId, first: 20, filter: { search: $search }) {
      edges {
        node {
          id
          orderNumber
          lineItems {
            sku
            quantity
          }
        }
      }
    }
  }
`);
