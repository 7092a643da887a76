// Word lists for plausible generated data. Kept short; combinations give enough variety.

export const BRANDS = [
  'Northwind Goods', 'Bluebird Apparel', 'Cedar & Sage', 'Peak Outdoor Co', 'Lumen Skincare',
  'Harbor Coffee', 'Tidewater Pets', 'Fable Books', 'Atlas Fitness', 'Juniper Home',
];

export const ADJECTIVES = [
  'Classic', 'Organic', 'Ultra', 'Everyday', 'Premium', 'Compact', 'Deluxe', 'Vintage', 'Active',
  'Essential', 'Travel', 'Heavy-Duty', 'Soft', 'Bright', 'Eco',
];
export const NOUNS = [
  'T-Shirt', 'Hoodie', 'Water Bottle', 'Backpack', 'Candle', 'Face Serum', 'Coffee Beans', 'Dog Treats',
  'Notebook', 'Yoga Mat', 'Throw Blanket', 'Sneakers', 'Mug', 'Sunglasses', 'Phone Case', 'Socks',
  'Lip Balm', 'Protein Powder', 'Tote Bag', 'Desk Lamp',
];
export const VARIANTS = ['S', 'M', 'L', 'XL', 'Black', 'White', 'Navy', 'Sage', '12oz', '16oz', '250g', '1kg'];

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Mateo', 'Mia', 'Lucas', 'Amelia',
  'Ethan', 'Harper', 'Aiden', 'Priya', 'Wei', 'Fatima', 'Diego', 'Hana', 'Kwame',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Nguyen', 'Patel', 'Kim',
  'Brown', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Okafor', 'Schmidt', 'Rossi', 'Tanaka', 'Cohen',
];
export const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Park Blvd', 'Lake Rd', 'Hill St', 'Pine Ct', '2nd Ave', 'Elm St'];

/** [city, state, postal prefix] */
export const CITIES: [string, string, string][] = [
  ['New York', 'NY', '100'], ['Los Angeles', 'CA', '900'], ['Chicago', 'IL', '606'], ['Houston', 'TX', '770'],
  ['Phoenix', 'AZ', '850'], ['Philadelphia', 'PA', '191'], ['San Antonio', 'TX', '782'], ['San Diego', 'CA', '921'],
  ['Dallas', 'TX', '752'], ['Austin', 'TX', '787'], ['Seattle', 'WA', '981'], ['Denver', 'CO', '802'],
  ['Boston', 'MA', '021'], ['Nashville', 'TN', '372'], ['Portland', 'OR', '972'], ['Atlanta', 'GA', '303'],
  ['Miami', 'FL', '331'], ['Minneapolis', 'MN', '554'], ['Columbus', 'OH', '432'], ['Charlotte', 'NC', '282'],
];

/** [name, code, city, state, postal] */
export const WAREHOUSE_SITES: [string, string, string, string, string][] = [
  ['Reno Fulfillment Center', 'RNO1', 'Reno', 'NV', '89502'],
  ['Columbus Distribution Hub', 'CMH1', 'Columbus', 'OH', '43217'],
  ['Allentown Warehouse', 'ABE1', 'Allentown', 'PA', '18109'],
];

export const SUPPLIERS = ['Pacific Sourcing Ltd', 'Great Lakes Supply', 'Shenzhen Bright Mfg', 'Andes Textiles', 'Nordic Packaging'];
export const CHANNELS = ['Shopify', 'Amazon', 'Walmart', 'Etsy', 'Wholesale'];
export const TRADING_PARTNERS = ['Target', 'Walmart', 'Nordstrom', 'REI'];
export const RETURN_REASONS = ['Too small', 'Too large', 'Damaged in transit', 'Changed mind', 'Wrong item sent', 'Defective'];
