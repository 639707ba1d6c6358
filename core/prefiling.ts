// Pre-filing (自助申报, issue 11): at the kiosk a visitor fills a pre-fileable matter's short form, prefilled from the
// ID card, may accept its 告知承诺 with a signature drawn on the screen, and takes a ticket linked to a draft; the window
// serving that ticket accepts the draft into a real case in one step. Pure rules: the form checked against the matter's
// fields with field-named errors; sealing and storage are the server's (server/prefiling-seal.ts, db/prefiling-store.ts).
import { z } from 'zod';
import { HallError, invalid } from './errors.ts';
import { checkIdNumber, idBirthDate, maskIdNumber, maskName, normalizeIdNumber } from './id-card.ts';

/** What pre-filing needs of a matter (办事指南, core/matters.ts): its form and whether it takes a 告知承诺. */
export interface PrefileField {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'date' | 'select' | 'phone' | 'address';
  required: boolean;
  options?: string[] | undefined;
  fromIdCard?: 'name' | 'gender' | 'birthDate' | 'address' | undefined;
}
export interface PrefileMatter {
  code: string;
  name: string;
  serviceId: string | null;
  promisedDays: number;
  commitment: boolean;
  prefile: { enabled: boolean; fields: PrefileField[] };
}
export interface PrefileMatters {
  /** The published matter of this code, or null. */
  published(code: string): PrefileMatter | null;
}

/** A signature drawn on the touchscreen: a PNG, base64, at most this many bytes. */
export const SIGNATURE_MAX_BYTES = 200_000;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the kiosk read from the card (the reader's fields) and what the visitor entered. */
export const PrefileBody = z
  .object({
    matterCode: z.string().trim().min(1).max(64),
    /** The kiosk may choose the ticket id (a UUID), as for any ticket. */
    ticketId: z.uuid().optional(),
    idCard: z
      .object({
        number: z.string().min(1).max(40),
        name: z.string().trim().min(1).max(60),
        gender: z.enum(['男', '女']).optional(),
        birthDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
          .optional(),
        address: z.string().trim().min(1).max(120).optional(),
      })
      .strict(),
    fields: z.record(z.string().max(40), z.string().max(500)).default({}),
    commitment: z
      .object({
        accepted: z.literal(true, 'accept the 告知承诺 to sign it, or leave the commitment out'),
        signaturePng: z
          .string()
          .min(1)
          .max(Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 4, 'the signature is too large: clear it and sign again'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PrefileInput = z.output<typeof PrefileBody>;

/** What a draft holds, sealed: the card's fields and the form's answers. */
export interface DraftData {
  applicant: { idNumber: string; name: string; gender: string | null; birthDate: string | null; address: string | null };
  fields: { key: string; label: string; value: string }[];
  commitmentAccepted: boolean;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** One answer checked against its field; the error names the field (`fields.<key>`) and says what to enter. */
function checkValue(f: PrefileField, raw: string): string {
  const value = raw.trim();
  const name = `fields.${f.key}`;
  if (f.kind === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) throw invalid(name, `${f.label} is a number: enter digits only`);
  if (f.kind === 'date' && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
    throw invalid(name, `${f.label} is a date: pick a day (YYYY-MM-DD)`);
  }
  if (f.kind === 'phone' && !PHONE.test(value.replace(/\s/g, ''))) throw invalid(name, `${f.label}: enter an 11-digit mobile or a landline with its area code`);
  if (f.kind === 'select' && !(f.options ?? []).includes(value)) throw invalid(name, `${f.label}: pick one of ${(f.options ?? []).join('、')}`);
  return f.kind === 'phone' ? value.replace(/\s/g, '') : value;
}

/**
 * The draft's data from the card and the form, checked against the matter: the matter must be pre-fileable, every
 * required field answered (a field filled from the card takes the card's value when left empty), no unknown fields,
 * and a signature only with the commitment of a matter that has one.
 */
export function draftData(matter: PrefileMatter, input: PrefileInput): { data: DraftData; signature: Buffer | null } {
  if (!matter.prefile.enabled || matter.prefile.fields.length === 0) {
    throw new HallError(409, 'MATTER_NOT_PREFILEABLE', `${matter.name} cannot be pre-filed at the kiosk: take a ticket and fill the form at the window`);
  }
  if (matter.serviceId === null) throw new HallError(409, 'MATTER_NOT_AT_COUNTER', `${matter.name} is not handled at a window here: see its guide`);
  const check = checkIdNumber(input.idCard.number);
  if (!check.ok) throw invalid('idCard.number', 'not a valid resident ID number: place the card on the reader again');
  const idNumber = normalizeIdNumber(input.idCard.number);
  const card = {
    name: input.idCard.name,
    gender: input.idCard.gender ?? (Number(idNumber[16]) % 2 === 1 ? '男' : '女'),
    birthDate: input.idCard.birthDate ?? idBirthDate(idNumber),
    address: input.idCard.address ?? null,
  };
  const known = new Set(matter.prefile.fields.map((f) => f.key));
  for (const key of Object.keys(input.fields)) {
    if (!known.has(key)) throw invalid(`fields.${key}`, `${matter.name} has no field ${key}: reload the form`);
  }
  const fields = matter.prefile.fields.flatMap((f) => {
    const given = input.fields[f.key]?.trim() ?? '';
    const value = given !== '' ? given : f.fromIdCard ? (card[f.fromIdCard] ?? '') : '';
    if (value === '') {
      if (f.required) throw invalid(`fields.${f.key}`, `${f.label} is required: fill it in`);
      return [];
    }
    return [{ key: f.key, label: f.label, value: checkValue(f, value) }];
  });
  let signature: Buffer | null = null;
  if (input.commitment) {
    if (!matter.commitment) throw invalid('commitment', `${matter.name} has no 告知承诺 to sign: leave the commitment out`);
    signature = Buffer.from(input.commitment.signaturePng.replace(/^data:image\/png;base64,/, ''), 'base64');
    if (signature.length > SIGNATURE_MAX_BYTES || !signature.subarray(0, 8).equals(PNG_MAGIC)) {
      throw invalid('commitment.signaturePng', 'the signature is not a PNG drawing of at most 200 KB: clear it and sign again');
    }
  }
  return {
    data: {
      applicant: { idNumber, name: card.name, gender: card.gender, birthDate: card.birthDate, address: card.address },
      fields,
      commitmentAccepted: signature !== null,
    },
    signature,
  };
}

/** The masked applicant a draft row keeps in clear (for lists and the audit), never the number or name itself. */
export const maskedApplicant = (data: DraftData) => ({ maskedName: maskName(data.applicant.name), maskedId: maskIdNumber(data.applicant.idNumber) });

/** A draft as the window serving its ticket sees it: the ID number and name masked, the form's answers in clear. */
export interface DraftView {
  id: string;
  ticketId: string;
  matterCode: string;
  matterName: string;
  applicant: { name: string; idNumber: string; gender: string | null; birthDate: string | null; address: string | null };
  fields: { key: string; label: string; value: string }[];
  commitment: { accepted: boolean; signaturePng: string | null };
  createdAt: string;
  caseId: string | null;
}
