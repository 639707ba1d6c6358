// The service guide (办事指南): matters (事项) as data — what to bring, what it costs, how long it takes, where it is
// handled — with their search keys (Chinese text and pinyin, computed once when a matter is stored) and the checklist a
// kiosk prints. Pure, no I/O.
import { pinyin } from 'pinyin-pro';
import { z } from 'zod';
import { HallError } from './errors.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).default('');

/** A matter's code as 政务服务 catalogues give it (letters, digits, - _ .). */
export const MATTER_CODE = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a matter code: letters, digits, - _ or . (up to 64)');

export const MaterialSchema = z
  .object({
    name: text(120),
    /** 原件 (true) or 复印件 (false). */
    original: z.boolean(),
    copies: z.number().int().min(0).max(99),
    note: optionalText(300),
    /** Obtainable as an 电子证照: the visitor need not bring paper. */
    eLicence: z.boolean().default(false),
  })
  .strict();

export const PREFILE_FIELD_KINDS = ['text', 'number', 'date', 'select', 'phone', 'address'] as const;
/** What the kiosk fills from the ID card just read. */
export const ID_CARD_FIELDS = ['name', 'gender', 'birthDate', 'address'] as const;

export const PrefileFieldSchema = z
  .object({
    key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'a field key: a letter, then letters, digits or _ (up to 40)'),
    label: text(40),
    kind: z.enum(PREFILE_FIELD_KINDS),
    required: z.boolean().default(false),
    options: z.array(text(60)).min(1).max(40).optional(),
    fromIdCard: z.enum(ID_CARD_FIELDS).optional(),
  })
  .strict()
  .refine((f) => f.kind !== 'select' || f.options !== undefined, { message: 'a select field needs options', path: ['options'] });

export const PrefileSchema = z
  .object({
    enabled: z.boolean(),
    fields: z
      .array(PrefileFieldSchema)
      .max(30)
      .refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, { message: 'field keys must differ' }),
  })
  .strict();

/** A matter as a manager, integrator or import writes it (the code comes from the path, or the entry). */
export const MatterBody = z
  .object({
    name: text(80),
    department: text(80),
    /** A theme the kiosk browses by: 不动产, 社保, 公积金, 市场监管, 户籍 … */
    category: text(30),
    /** 一件事 the matter belongs to: 企业开办, 买房, 退休 … */
    lifeEvents: z.array(text(30)).max(10).default([]),
    /** The queue service whose ticket it takes; null when it is not handled at a counter here. */
    serviceId: z.string().min(1).max(64).nullable(),
    conditions: z.array(text(500)).max(30).default([]),
    materials: z.array(MaterialSchema).max(60).default([]),
    fees: optionalText(200),
    legalDays: z.number().int().min(0).max(3650),
    promisedDays: z.number().int().min(0).max(3650),
    location: optionalText(120),
    window: optionalText(60),
    hours: optionalText(120),
    onlineUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).default(''),
    faq: z
      .array(z.object({ q: text(200), a: text(1000) }).strict())
      .max(30)
      .default([]),
    /** 告知承诺制: a written promise stands in for some materials. */
    commitment: z.boolean().default(false),
    prefile: PrefileSchema.default({ enabled: false, fields: [] }),
  })
  .strict()
  .refine((m) => m.promisedDays <= m.legalDays || m.legalDays === 0, {
    message: 'promisedDays cannot exceed legalDays',
    path: ['promisedDays'],
  });

export type MatterInput = z.output<typeof MatterBody>;
/** What a writer sends: fields with defaults may be left out. */
export type MatterWrite = z.input<typeof MatterBody>;
export type Matter = MatterInput & { code: string };
export type Material = Matter['materials'][number];
export type PrefileField = Matter['prefile']['fields'][number];

/** PUT /api/v1/matters/:code: the matter, and `draft: true` to keep it unpublished. */
export const PutMatterBody = z.intersection(MatterBody, z.object({ code: MATTER_CODE.optional(), draft: z.boolean().optional() }));

/** One entry of an import or export: a matter with its code, and `draft: true` for an unpublished version. */
export const CatalogueEntry = z.intersection(MatterBody, z.object({ code: MATTER_CODE, draft: z.boolean().optional() }));
export type CatalogueEntryInput = z.output<typeof CatalogueEntry>;

export const ImportBody = z.object({ matters: z.array(z.unknown()).max(2000) }).strict();

/** Splits an entry's own flags from the matter. */
export function matterOf(code: string, input: MatterInput & { draft?: boolean | undefined; code?: string | undefined }): Matter {
  const { draft: _draft, code: _code, ...matter } = input;
  return { ...matter, code };
}

/**
 * Every entry checked before any is stored: the first bad one is named by its place and code, so nothing of a
 * catalogue with a mistake in it lands half-way.
 */
export function parseCatalogue(entries: unknown[]): { matter: Matter; draft: boolean }[] {
  const seen = new Map<string, number>();
  return entries.map((entry, i) => {
    const code =
      typeof entry === 'object' && entry !== null && typeof (entry as { code?: unknown }).code === 'string' ? (entry as { code: string }).code : null;
    const where = `matters[${i}]${code ? ` (${code})` : ''}`;
    const parsed = CatalogueEntry.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = [`matters[${i}]`, ...issue.path.map(String)].join('.');
      throw new HallError(400, 'VALIDATION_FAILED', `${where}: ${issue.path.join('.') || 'entry'}: ${issue.message}; nothing was imported`, {
        field,
        index: i,
        code,
      });
    }
    const draft = parsed.data.draft === true;
    const key = `${parsed.data.code}|${draft}`;
    if (seen.has(key)) {
      throw new HallError(400, 'VALIDATION_FAILED', `${where}: the code appears twice (also matters[${seen.get(key)}]); nothing was imported`, {
        field: `matters[${i}].code`,
        index: i,
        code,
      });
    }
    seen.set(key, i);
    return { matter: matterOf(parsed.data.code, parsed.data), draft };
  });
}

/** Pinyin of Chinese text: full syllables and initials, lower case, other letters and digits kept, the rest dropped. */
export function pinyinKeys(value: string): { full: string; initials: string } {
  const syllables = pinyin(value, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const parts = syllables.map(clean).filter((s) => s.length > 0);
  return { full: parts.join(''), initials: parts.map((s) => (/^[a-z]/.test(s) && s.length > 0 ? s[0] : s)).join('') };
}

/** What a matter is found by, stored beside it: its name's pinyin, and the texts a visitor may type. */
export interface MatterSearchKeys {
  namePinyin: string;
  nameInitials: string;
  /** Lower-case name, department, category, life events and material names, separated by line breaks. */
  text: string;
}

export function searchKeys(m: Matter): MatterSearchKeys {
  const { full, initials } = pinyinKeys(m.name);
  const text = [m.name, m.category, m.department, ...m.lifeEvents, m.code, ...m.materials.map((x) => x.name)].join('\n').toLowerCase();
  return { namePinyin: full, nameInitials: initials, text };
}

/**
 * How well a matter fits what was typed (0: not at all). Chinese text: the name, then a theme, life event or
 * department, then a material. Latin letters: the name's pinyin initials ("bdc" → 不动产登记), then its full pinyin,
 * then the code.
 */
export function matchScore(query: string, m: { name: string; code: string }, keys: MatterSearchKeys): number {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (q.length === 0) return 1;
  const name = m.name.toLowerCase();
  if (name === q) return 100;
  if (name.startsWith(q)) return 90;
  if (name.includes(q)) return 80;
  if (/^[a-z0-9]+$/.test(q)) {
    if (keys.nameInitials === q) return 75;
    if (keys.nameInitials.startsWith(q)) return 70;
    if (keys.namePinyin.startsWith(q)) return 65;
    if (keys.nameInitials.includes(q)) return 55;
    if (keys.namePinyin.includes(q)) return 50;
    if (m.code.toLowerCase().startsWith(q)) return 45;
  }
  const lines = keys.text.split('\n');
  // Category, department and life events come before the materials in the stored text.
  if (lines.some((l) => l === q)) return 40;
  if (lines.some((l) => l.includes(q))) return 30;
  return 0;
}

/** The lines of the printed 材料清单: plain text for the thermal printer, widest line about 32 characters. */
export function checklistLines(m: Matter, hallName: string): string[] {
  const lines = [`${m.name}`, '办理材料清单', ''];
  m.materials.forEach((x, i) => {
    const form = x.original ? '原件' : '复印件';
    const copies = x.copies > 0 ? ` ${x.copies}份` : '';
    lines.push(`${i + 1}. ${x.name}`);
    lines.push(`   □ ${form}${copies}${x.eLicence ? '（可用电子证照）' : ''}`);
    if (x.note) lines.push(`   ${x.note}`);
  });
  if (m.materials.length === 0) lines.push('无需提交材料');
  lines.push('');
  if (m.commitment) lines.push('本事项实行告知承诺制');
  lines.push(`收费：${m.fees || '不收费'}`);
  lines.push(`承诺时限：${m.promisedDays === 0 ? '即时办结' : `${m.promisedDays}个工作日`}（法定${m.legalDays}个工作日）`);
  if (m.location || m.window) lines.push(`办理地点：${[m.location, m.window].filter(Boolean).join(' ')}`);
  if (m.hours) lines.push(`办理时间：${m.hours}`);
  lines.push(`办理部门：${m.department}`);
  lines.push('', hallName);
  return lines;
}
