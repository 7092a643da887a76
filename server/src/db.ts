import { PrismaPg } from '@prisma/adapter-pg';
import { env } from './env.js';
import { PrismaClient } from './generated/prisma/client.js';

// node-postgres has no acquire timeout by default: a saturated pool would hang requests forever.
const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DB_POOL_MAX, connectionTimeoutMillis: 5_000 });

export const db = new PrismaClient({ adapter });
