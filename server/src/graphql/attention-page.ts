// The attention board's reads in plain SQL, like the orders page (order-page.ts): Query.attention's
// page of items (with their brand when selected) in one named statement, and attentionCounts from
// attention_count (kept per brand and kind by attention/refresh.ts). Through Prisma the page cost
// two statements and most of the API's CPU per request (bench/ops.bench.ts). Timestamps are read as
// ISO-8601 text, the form the DateTime scalar passes through. Column names follow
// prisma/schema.prisma, which the migration drift test keeps equal to the database.
import { ATTENTION_KINDS, type AttentionKindName } from '../attention/rules.js';
import { pool } from '../pg.js';

type Row = Record<string, any>;

const utc = (column: string, as: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${as}"`;

const ITEM_COLUMNS = `a.id, a."threePLId", a."brandId", a.kind::text AS kind, a."recordType", a."recordId", a.reason, a."rawStatus",
  ${utc('a.since', 'since')}, ${utc('a."detectedAt"', 'detectedAt')}, ${utc('a."updatedAt"', 'updatedAt')},
  a."orderId", a."inventoryItemId", a."inboundShipmentId", a."returnId", a."integrationId"`;

// The Brand columns its plain fields read (types/brand.ts; changeSeq as text, which changeSequence prints).
const BRAND_COLUMNS = `b."threePLId" AS "b.threePLId", b.name AS "b.name", b."changeSeq"::text AS "b.changeSeq", ${utc('b."createdAt"', 'b.createdAt')},
  ${utc('b."updatedAt"', 'b.updatedAt')}, ${utc('b."archivedAt"', 'b.archivedAt')}`;

/** The brand columns of a row (aliased "b.*", left in place) as one Brand row per brand, shared by its rows. */
function takeBrands(rows: Row[], brandIdColumn: string, into: string): void {
  const brands = new Map<string, Row>();
  for (const row of rows) {
    const id = row[brandIdColumn];
    let brand = brands.get(id);
    if (!brand) {
      brand = { id, threePLId: row['b.threePLId'], name: row['b.name'], changeSeq: row['b.changeSeq'], createdAt: row['b.createdAt'], updatedAt: row['b.updatedAt'], archivedAt: row['b.archivedAt'] };
      brands.set(id, brand);
    }
    row[into] = brand;
  }
}

export type AttentionPageRequest = {
  threePLId: string;
  /** Already intersected with what the caller may read; null: every brand of the 3PL. */
  brands: string[] | null;
  kinds: AttentionKindName[] | null;
  after?: { since: string; id: string };
  take: number;
  withBrand: boolean;
};

/**
 * One page, oldest since first, in one statement over attention_item's (threePLId, since, id)
 * index, (brandId, since, id) for a single brand, or (threePLId, kind, since, id) for one kind;
 * the continuation is a row comparison, so every page is an index range scan. The brand (51 rows
 * at most) is joined by its primary key. Text per shape, each named: each shape has its own plan.
 */
export async function loadAttentionPage(request: AttentionPageRequest): Promise<Row[]> {
  const { brands, kinds, after } = request;
  const shape = brands === null ? 'all' : brands.length === 1 ? 'one' : 'many';
  const values: unknown[] = [request.threePLId];
  const param = (value: unknown, cast: string) => `$${values.push(value)}::${cast}`;
  const where = ['a."threePLId" = $1::uuid'];
  if (shape === 'one') where.push(`a."brandId" = ${param(brands![0], 'uuid')}`);
  if (shape === 'many') where.push(`a."brandId" = ANY(${param(brands, 'uuid[]')})`);
  // One kind (a click on its count) as an equality, so (threePLId, kind, since, id) serves it in order.
  if (kinds?.length === 1) where.push(`a.kind = ${param(kinds[0], '"AttentionKind"')}`);
  else if (kinds) where.push(`a.kind = ANY(${param(kinds, '"AttentionKind"[]')})`);
  // timestamp(3) columns hold UTC without a zone: compare with the cursor's UTC wall time.
  if (after) where.push(`(a.since, a.id) > (${param(new Date(after.since).toISOString().replace('Z', ''), 'timestamp')}, ${param(after.id, 'uuid')})`);
  const limit = param(request.take, 'int');
  const name = `attention-page-${shape}-${kinds ? (kinds.length === 1 ? 'k1' : 'k') : '_'}-${after ? 'c' : '_'}-${request.withBrand ? 'b' : '_'}`;
  const page = `SELECT ${ITEM_COLUMNS} FROM attention_item a WHERE ${where.join(' AND ')} ORDER BY a.since, a.id LIMIT ${limit}`;
  // The brand is joined to the page, not to the table: the join can then never change how the
  // page itself is found (without statistics it once hash-joined every open item before the LIMIT).
  // since is fixed-width ISO text there, whose byte order (COLLATE "C") is time order.
  const text = request.withBrand
    ? `SELECT a.*, ${BRAND_COLUMNS} FROM (${page}) a JOIN brand b ON b.id = a."brandId" ORDER BY a.since COLLATE "C", a.id`
    : page;
  const { rows } = await pool.query({ name, text, values });
  if (request.withBrand) takeBrands(rows, 'brandId', 'brand');
  return rows;
}

export type KindCount = { kind: AttentionKindName; count: number };

/** Per kind over the scope: at most 6 rows summed from attention_count (brands × kinds rows). */
export async function countsByKind(threePLId: string, brands: string[] | null): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ kind: string; n: number }>({
    name: brands === null ? 'attention-counts-kind-all' : 'attention-counts-kind-brands',
    text: `SELECT kind::text AS kind, sum(count)::int AS n FROM attention_count
            WHERE "threePLId" = $1::uuid ${brands === null ? '' : 'AND "brandId" = ANY($2::uuid[])'} GROUP BY kind`,
    values: brands === null ? [threePLId] : [threePLId, brands],
  });
  return new Map(rows.map((r) => [r.kind, r.n]));
}

export type BrandCountRow = { brandId: string; count: number; byKind: KindCount[]; brand: Row };

// One int column per kind (k0..k5 in AttentionKind order): 200 rows of ints cost the driver a
// third of what a JSON object per row did.
const KIND_COLUMNS = ATTENTION_KINDS.map((kind, i) => `coalesce(sum(count) FILTER (WHERE kind = '${kind}'), 0)::int AS k${i}`).join(', ');

/** Per brand with at least one item, most first (then by id), each kind listed, with its Brand row: one statement. */
export async function countsByBrand(threePLId: string, brands: string[] | null): Promise<BrandCountRow[]> {
  const scope = brands === null ? '' : 'AND "brandId" = ANY($2::uuid[])';
  const counts = `SELECT "brandId", sum(count)::int AS count, ${KIND_COLUMNS} FROM attention_count WHERE "threePLId" = $1::uuid ${scope} GROUP BY "brandId"`;
  const { rows } = await pool.query({
    name: `attention-counts-brand-${brands === null ? 'all' : 'brands'}`,
    text: `SELECT s.*, ${BRAND_COLUMNS} FROM (${counts}) s JOIN brand b ON b.id = s."brandId" WHERE s.count > 0 ORDER BY s.count DESC, s."brandId"`,
    values: brands === null ? [threePLId] : [threePLId, brands],
  });
  takeBrands(rows, 'brandId', 'brand');
  for (const row of rows) row.byKind = ATTENTION_KINDS.map((kind, i) => ({ kind, count: row[`k${i}`] as number }));
  return rows as BrandCountRow[];
}
