// The 256-byte UCS-2LE text block of resident ID cards and permits: parse it, and build it for the emulator.
import { z } from 'zod';
import { checkIdNumber } from '../../core/id-card.ts';
import { IdReaderError } from './sam-protocol.ts';

export const TEXT_BLOCK_BYTES = 256;
export const PHOTO_BYTES = 1024;
/** Shown where a card holds a rare character in the Private Use Area that no font can show as such. */
export const RARE_CHARACTER_PLACEHOLDER = '□';

const NATIONS = [
  '汉',
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
] as const;
const OTHER_NATIONS: Record<string, string> = { '97': '其他', '98': '外国血统中国籍人士' };

const GENDERS = {
  '0': { zh: '未知', en: 'unknown' },
  '1': { zh: '男', en: 'male' },
  '2': { zh: '女', en: 'female' },
  '9': { zh: '未说明', en: 'unspecified' },
} as const;
export type GenderCode = keyof typeof GENDERS;

export interface Gender {
  code: GenderCode;
  zh: string;
  en: string;
}

export interface Nation {
  code: string;
  /** Null for a code outside GB 3304 (01–56, 97, 98). */
  name: string | null;
}

export interface RareCharacter {
  /** Position in the name, counted in characters. */
  index: number;
  /** The stored code point, e.g. U+E80C: each vendor's PUA mapping differs, so staff must confirm the character. */
  codePoint: string;
}

export interface CardName {
  /** Exactly as stored, Private Use Area characters included. */
  text: string;
  /** For screens and tickets: rare characters replaced by the placeholder. */
  display: string;
  rareCharacters: RareCharacter[];
}

/** YYYY-MM-DD, or 'long_term' for 长期. */
export type CardDate = string;

interface CardCommon {
  gender: Gender;
  birthDate: CardDate;
  validFrom: CardDate;
  validTo: CardDate | 'long_term';
  /** WLT-compressed photo, kept raw: its decoders are closed vendor binaries. */
  photo: Buffer;
}

export interface ResidentCard extends CardCommon {
  kind: 'resident';
  name: CardName;
  nation: Nation;
  address: string;
  idNumber: string;
  authority: string;
}

export interface HkMacauTaiwanPermit extends CardCommon {
  kind: 'hk_macau_taiwan';
  name: CardName;
  address: string;
  idNumber: string;
  authority: string;
  passNumber: string;
  issueCount: number;
}

export interface ForeignerPermit2017 extends CardCommon {
  kind: 'foreigner_2017';
  englishName: string;
  chineseName: CardName;
  permitNumber: string;
  /** ISO 3166-1 alpha-3 code, e.g. CAN. */
  nationality: string;
  version: string;
  authorityCode: string;
}

export type IdCardRecord = ResidentCard | HkMacauTaiwanPermit | ForeignerPermit2017;

/** Card text is UCS-2: a character beyond the BMP (CJK Ext-B…) must be given as the card's Private Use Area code point. */
const BEYOND_BMP = /[\u{10000}-\u{10FFFF}]/u;
const ucs2 = z
  .string()
  .refine(
    (s) => !BEYOND_BMP.test(s),
    "has a character beyond the BMP, which UCS-2 cannot hold: give the card's Private Use Area code point (U+E000–U+F8FF) instead",
  );

/** An identity the emulator cannot put on a card: names the field and what to change. */
export class CardIdentityError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CardIdentityError';
  }
}

const digits = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`), `${n} digits`);
const cardDate = digits(8);
const genderCode = z.enum(['0', '1', '2', '9']);
const photo = z
  .instanceof(Uint8Array)
  .refine((b) => b.length === PHOTO_BYTES, `${PHOTO_BYTES} bytes`)
  .optional();

/** What the emulator puts on a card: field values as printed on it (dates YYYYMMDD, 长期 allowed for validTo). */
export const cardIdentitySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('resident'),
    name: ucs2.min(1),
    gender: genderCode,
    nation: digits(2),
    birthDate: cardDate,
    address: ucs2,
    idNumber: ucs2,
    authority: ucs2,
    validFrom: cardDate,
    validTo: z.union([cardDate, z.literal('长期')]),
    photo,
  }),
  z.object({
    kind: z.literal('hk_macau_taiwan'),
    name: ucs2.min(1),
    gender: genderCode,
    birthDate: cardDate,
    address: ucs2,
    idNumber: ucs2,
    authority: ucs2,
    validFrom: cardDate,
    validTo: cardDate,
    passNumber: ucs2,
    issueCount: digits(2),
    photo,
  }),
  z.object({
    kind: z.literal('foreigner_2017'),
    englishName: ucs2.min(1),
    chineseName: ucs2,
    gender: genderCode,
    permitNumber: ucs2,
    nationality: z.string().regex(/^[A-Z]{3}$/),
    birthDate: cardDate,
    validFrom: cardDate,
    validTo: cardDate,
    version: digits(2),
    authorityCode: ucs2,
    photo,
  }),
  // Layout unconfirmed: the emulator only marks the kind, so readers can prove they refuse it.
  z.object({ kind: z.literal('foreigner_2023'), permitNumber: z.string().regex(/^9\d{17}$/), photo }),
]);
export type CardIdentity = z.infer<typeof cardIdentitySchema>;

// [offset, length] in bytes of each field; the kind marker sits at 248 on every layout.
const KIND_AT = 248;
const RESIDENT = {
  name: [0, 30],
  gender: [30, 2],
  nation: [32, 4],
  birthDate: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  authority: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
} as const;
const PERMIT = { ...RESIDENT, passNumber: [220, 18], issueCount: [238, 4] } as const;
const FOREIGNER = {
  englishName: [0, 120],
  gender: [120, 2],
  permitNumber: [122, 30],
  nationality: [152, 6],
  chineseName: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
  birthDate: [220, 16],
  version: [236, 4],
  authorityCode: [240, 8],
} as const;
const KIND_MARK = { resident: ' ', hk_macau_taiwan: 'J', foreigner_2017: 'I', foreigner_2023: 'Y' } as const;

type Field = readonly [number, number];

function badData(what: string): IdReaderError {
  return new IdReaderError('bad_card_data', `证件信息异常（${what}），请重新放卡`, `card data is invalid (${what}): place the card again`);
}

function readField(text: Buffer, [offset, length]: Field): string {
  return (
    text
      .subarray(offset, offset + length)
      .toString('utf16le')
      // eslint-disable-next-line no-control-regex -- the card pads its fields with NUL characters
      .replace(/[\s\u0000]+$/u, '')
  );
}

function parseDate(raw: string, what: string): CardDate {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) throw badData(what);
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) throw badData(what);
  return `${y}-${mo}-${d}`;
}

function parseValidTo(raw: string): CardDate | 'long_term' {
  return raw === '长期' ? 'long_term' : parseDate(raw, 'valid to');
}

function parseGender(raw: string): Gender {
  if (!(raw in GENDERS)) throw badData('gender');
  const code = raw as GenderCode;
  return { code, ...GENDERS[code] };
}

export function nationName(code: string): string | null {
  const n = Number(code);
  if (/^\d{2}$/.test(code) && n >= 1 && n <= NATIONS.length) return NATIONS[n - 1]!;
  return OTHER_NATIONS[code] ?? null;
}

/** UCS-2 cannot hold characters beyond the BMP; cards put such rare characters in the Private Use Area. */
export function parseCardName(text: string): CardName {
  const rareCharacters: RareCharacter[] = [];
  const chars = [...text].map((ch, index) => {
    const cp = ch.codePointAt(0)!;
    const rare = (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xd800 && cp <= 0xdfff);
    if (!rare) return ch;
    rareCharacters.push({ index, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` });
    return RARE_CHARACTER_PLACEHOLDER;
  });
  return { text, display: chars.join(''), rareCharacters };
}

function checkedIdNumber(raw: string): string {
  const check = checkIdNumber(raw);
  if (!check.ok) {
    throw new IdReaderError('bad_id_number', '证件号码校验失败，请重新放卡', `ID number failed its check (${check.problem}): place the card again`);
  }
  return raw;
}

/** Parses the text block and photo of a base-info read; refuses layouts it does not know rather than guess. */
export function parseIdCard(text: Buffer, photo: Buffer): IdCardRecord {
  if (text.length !== TEXT_BLOCK_BYTES) throw badData('text length');
  const kind = text.subarray(KIND_AT, KIND_AT + 2).toString('utf16le');
  const common = (layout: typeof RESIDENT | typeof FOREIGNER) => ({
    gender: parseGender(readField(text, layout.gender)),
    birthDate: parseDate(readField(text, layout.birthDate), 'birth date'),
    validFrom: parseDate(readField(text, layout.validFrom), 'valid from'),
    validTo: parseValidTo(readField(text, layout.validTo)),
    photo: Buffer.from(photo),
  });
  switch (kind) {
    case ' ': {
      const nationCode = readField(text, RESIDENT.nation);
      return {
        kind: 'resident',
        name: parseCardName(readField(text, RESIDENT.name)),
        nation: { code: nationCode, name: nationName(nationCode) },
        address: readField(text, RESIDENT.address),
        idNumber: checkedIdNumber(readField(text, RESIDENT.idNumber)),
        authority: readField(text, RESIDENT.authority),
        ...common(RESIDENT),
      };
    }
    case 'J': {
      const issueCount = readField(text, PERMIT.issueCount);
      if (!/^\d{1,2}$/.test(issueCount)) throw badData('issue count');
      return {
        kind: 'hk_macau_taiwan',
        name: parseCardName(readField(text, PERMIT.name)),
        address: readField(text, PERMIT.address),
        idNumber: checkedIdNumber(readField(text, PERMIT.idNumber)),
        authority: readField(text, PERMIT.authority),
        passNumber: readField(text, PERMIT.passNumber),
        issueCount: Number(issueCount),
        ...common(PERMIT),
      };
    }
    case 'I':
      return {
        kind: 'foreigner_2017',
        englishName: readField(text, FOREIGNER.englishName),
        chineseName: parseCardName(readField(text, FOREIGNER.chineseName)),
        permitNumber: readField(text, FOREIGNER.permitNumber),
        nationality: readField(text, FOREIGNER.nationality),
        version: readField(text, FOREIGNER.version),
        authorityCode: readField(text, FOREIGNER.authorityCode),
        ...common(FOREIGNER),
      };
    case 'Y':
      throw new IdReaderError(
        'unsupported_card',
        '暂不支持2023版外国人永久居留身份证，请到人工窗口办理',
        '2023 foreigner permanent residence cards are not supported yet: please go to a staffed counter',
      );
    default:
      throw new IdReaderError('unsupported_card', '无法识别的证件类型，请到人工窗口办理', 'unsupported card type: please go to a staffed counter');
  }
}

function writeField(text: Buffer, [offset, length]: Field, value: string, what: string): void {
  if (BEYOND_BMP.test(value))
    throw new CardIdentityError(
      what,
      "has a character beyond the BMP, which UCS-2 cannot hold: give the card's Private Use Area code point (U+E000–U+F8FF) instead",
    );
  const bytes = Buffer.from(value, 'utf16le');
  if (bytes.length > length) throw new CardIdentityError(what, `'${value}' is longer than the card's ${length / 2} characters`);
  bytes.copy(text, offset);
}

/** Deterministic stand-in for WLT photo bytes, seeded from the holder's number. */
function stubPhoto(seed: string): Buffer {
  const photoBytes = Buffer.alloc(PHOTO_BYTES);
  let state = [...seed].reduce((acc, ch) => (acc * 31 + ch.charCodeAt(0)) >>> 0, 7);
  for (let i = 0; i < PHOTO_BYTES; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    photoBytes[i] = state >>> 24;
  }
  return photoBytes;
}

/** Builds the 256-byte text block and 1,024-byte photo a card with this identity returns; CardIdentityError for what no card can hold. */
export function encodeIdCard(input: CardIdentity): { text: Buffer; photo: Buffer } {
  const checked = cardIdentitySchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new CardIdentityError(issue.path.join('.') || 'card', issue.message);
  }
  const identity = checked.data;
  const text = Buffer.from(' '.repeat(TEXT_BLOCK_BYTES / 2), 'utf16le');
  const put = (field: Field, value: string, what: string) => writeField(text, field, value, what);
  put([KIND_AT, 2], KIND_MARK[identity.kind], 'kind');
  switch (identity.kind) {
    case 'resident':
    case 'hk_macau_taiwan':
      put(RESIDENT.name, identity.name, 'name');
      put(RESIDENT.gender, identity.gender, 'gender');
      put(RESIDENT.birthDate, identity.birthDate, 'birth date');
      put(RESIDENT.address, identity.address, 'address');
      put(RESIDENT.idNumber, identity.idNumber, 'ID number');
      put(RESIDENT.authority, identity.authority, 'authority');
      put(RESIDENT.validFrom, identity.validFrom, 'valid from');
      put(RESIDENT.validTo, identity.validTo, 'valid to');
      if (identity.kind === 'resident') put(RESIDENT.nation, identity.nation, 'nation');
      else {
        put(PERMIT.passNumber, identity.passNumber, 'pass number');
        put(PERMIT.issueCount, identity.issueCount, 'issue count');
      }
      break;
    case 'foreigner_2017':
      put(FOREIGNER.englishName, identity.englishName, 'English name');
      put(FOREIGNER.gender, identity.gender, 'gender');
      put(FOREIGNER.permitNumber, identity.permitNumber, 'permit number');
      put(FOREIGNER.nationality, identity.nationality, 'nationality');
      put(FOREIGNER.chineseName, identity.chineseName, 'Chinese name');
      put(FOREIGNER.validFrom, identity.validFrom, 'valid from');
      put(FOREIGNER.validTo, identity.validTo, 'valid to');
      put(FOREIGNER.birthDate, identity.birthDate, 'birth date');
      put(FOREIGNER.version, identity.version, 'version');
      put(FOREIGNER.authorityCode, identity.authorityCode, 'authority code');
      break;
    case 'foreigner_2023':
      put([122, 36], identity.permitNumber, 'permit number');
      break;
  }
  const seed = identity.kind === 'resident' || identity.kind === 'hk_macau_taiwan' ? identity.idNumber : identity.permitNumber;
  return { text, photo: identity.photo ? Buffer.from(identity.photo) : stubPhoto(seed) };
}
