// The service guide on SQLite (migration 18): each matter's published version and its draft, with the search keys of
// the published one computed as it is stored; tickets taken for a matter, for 常用服务.
import { matchScore, searchKeys, type Matter, type MatterSearchKeys } from '../core/matters.ts';
import type { Db } from './database.ts';

type Row = Record<string, unknown>;

export interface MatterEntry {
  code: string;
  published: Matter | null;
  draft: Matter | null;
  updatedAt: number;
  publishedAt: number | null;
}

export interface MatterFilter {
  q?: string | undefined;
  category?: string | undefined;
  lifeEvent?: string | undefined;
}

const parse = (v: unknown): Matter | null => (typeof v === 'string' ? (JSON.parse(v) as Matter) : null);

function entryFrom(r: Row): MatterEntry {
  return {
    code: r.code as string,
    published: parse(r.published),
    draft: parse(r.draft),
    updatedAt: Number(r.updated_at),
    publishedAt: r.published_at === null ? null : Number(r.published_at),
  };
}

interface Published {
  matter: Matter;
  keys: MatterSearchKeys;
}

export class SqliteMatterStore {
  constructor(private readonly db: Db) {}

  entry(code: string): MatterEntry | undefined {
    const r = this.db.prepare('SELECT * FROM matters WHERE code = ?').get(code) as Row | undefined;
    return r ? entryFrom(r) : undefined;
  }

  entries(): MatterEntry[] {
    return (this.db.prepare('SELECT * FROM matters ORDER BY category, code').all() as Row[]).map(entryFrom);
  }

  published(code: string): Matter | null {
    const r = this.db.prepare('SELECT published FROM matters WHERE code = ?').get(code) as Row | undefined;
    return r ? parse(r.published) : null;
  }

  /** Published matters that fit the filter, the best match first (then by category and code). */
  search(f: MatterFilter): Matter[] {
    const rows = this.db
      .prepare(
        `SELECT published, name_pinyin, name_initials, search_text FROM matters WHERE published IS NOT NULL
         AND (@category IS NULL OR category = @category) ORDER BY category, code`,
      )
      .all({ category: f.category ?? null }) as Row[];
    const found: { p: Published; score: number }[] = [];
    for (const r of rows) {
      const p: Published = {
        matter: parse(r.published)!,
        keys: { namePinyin: r.name_pinyin as string, nameInitials: r.name_initials as string, text: r.search_text as string },
      };
      if (f.lifeEvent && !p.matter.lifeEvents.includes(f.lifeEvent)) continue;
      const score = f.q ? matchScore(f.q, p.matter, p.keys) : 1;
      if (score > 0) found.push({ p, score });
    }
    // Stable: equal scores keep the category, code order of the query.
    return found.sort((a, b) => b.score - a.score).map((x) => x.p.matter);
  }

  /** Published matters per category and per life event, for the kiosk's browsing tiles. */
  topics(): { categories: { name: string; count: number }[]; lifeEvents: { name: string; count: number }[] } {
    const categories = new Map<string, number>();
    const lifeEvents = new Map<string, number>();
    for (const r of this.db.prepare('SELECT published FROM matters WHERE published IS NOT NULL ORDER BY code').all() as Row[]) {
      const m = parse(r.published)!;
      categories.set(m.category, (categories.get(m.category) ?? 0) + 1);
      for (const e of m.lifeEvents) lifeEvents.set(e, (lifeEvents.get(e) ?? 0) + 1);
    }
    const list = (m: Map<string, number>) =>
      [...m].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh'));
    return { categories: list(categories), lifeEvents: list(lifeEvents) };
  }

  /**
   * A new published version (the draft, if any, is replaced by it, unless `keepDraft`: a district version leaves a
   * draft in progress alone) or a new draft beside the published one.
   */
  put(matter: Matter, draft: boolean, now: number, keepDraft = false): MatterEntry {
    if (draft) {
      this.db
        .prepare(
          `INSERT INTO matters (code, draft, category, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (code) DO UPDATE SET draft = excluded.draft, updated_at = excluded.updated_at`,
        )
        .run(matter.code, JSON.stringify(matter), matter.category, now);
    } else {
      const keys = searchKeys(matter);
      this.db
        .prepare(
          `INSERT INTO matters (code, published, draft, category, name_pinyin, name_initials, search_text, updated_at, published_at)
           VALUES (@code, @published, NULL, @category, @namePinyin, @nameInitials, @text, @now, @now)
           ON CONFLICT (code) DO UPDATE SET published = excluded.published, draft = CASE WHEN @keepDraft THEN draft END, category = excluded.category,
             name_pinyin = excluded.name_pinyin, name_initials = excluded.name_initials, search_text = excluded.search_text,
             updated_at = excluded.updated_at, published_at = excluded.published_at`,
        )
        .run({ code: matter.code, published: JSON.stringify(matter), category: matter.category, ...keys, now, keepDraft: keepDraft ? 1 : 0 });
    }
    return this.entry(matter.code)!;
  }

  delete(code: string): boolean {
    return this.db.prepare('DELETE FROM matters WHERE code = ?').run(code).changes > 0;
  }

  recordTicket(ticketId: string, day: string, matterCode: string): void {
    this.db.prepare('INSERT OR IGNORE INTO ticket_matters (ticket_id, day, matter_code) VALUES (?, ?, ?)').run(ticketId, day, matterCode);
  }

  ticketMatter(ticketId: string): string | null {
    const r = this.db.prepare('SELECT matter_code FROM ticket_matters WHERE ticket_id = ?').get(ticketId) as Row | undefined;
    return r ? (r.matter_code as string) : null;
  }

  /** Tickets taken for a matter on one day (an index range count). */
  ticketsOn(day: string): number {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM ticket_matters WHERE day = ?').get(day) as Row).n);
  }

  /** Tickets taken per matter from `fromDay` on (index-only over the day range), the most first. */
  popular(fromDay: string, limit: number): { code: string; tickets: number }[] {
    return (
      this.db
        .prepare(
          `SELECT t.matter_code AS code, COUNT(*) AS n FROM ticket_matters t JOIN matters m ON m.code = t.matter_code AND m.published IS NOT NULL
           WHERE t.day >= ? GROUP BY t.matter_code ORDER BY n DESC, t.matter_code LIMIT ?`,
        )
        .all(fromDay, limit) as Row[]
    ).map((r) => ({ code: r.code as string, tickets: Number(r.n) }));
  }
}

const stores = new WeakMap<Db, SqliteMatterStore>();

/** One store per connection. */
export function matterStoreOf(db: Db): SqliteMatterStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new SqliteMatterStore(db)));
  return store;
}
