// The 办事指南 form: a matter field by field for hall managers (no JSON), with checks before saving and the hall's
// field-named refusals (`materials.0.name`) shown beside the field they name.
import { useId, useState, type ReactNode } from 'react';
import type { ServiceView } from '../../core/engine.ts';
import { ID_CARD_FIELDS, PREFILE_FIELD_KINDS, type Matter, type MatterWrite } from '../../core/matters.ts';
import { useT } from '../shared/i18n.ts';
import { matterFormMessages } from './matter-form-messages.ts';

type Kind = (typeof PREFILE_FIELD_KINDS)[number];
type IdField = (typeof ID_CARD_FIELDS)[number];

interface MaterialRow {
  name: string;
  original: boolean;
  copies: string;
  note: string;
  eLicence: boolean;
}
interface FieldRow {
  key: string;
  label: string;
  kind: Kind;
  required: boolean;
  /** One option a line, for a select. */
  options: string;
  fromIdCard: IdField | '';
}
/** What the form edits: numbers as typed, so a half-typed value is not lost. */
export interface MatterForm {
  name: string;
  department: string;
  category: string;
  lifeEvents: string[];
  serviceId: string;
  conditions: string[];
  materials: MaterialRow[];
  fees: string;
  legalDays: string;
  promisedDays: string;
  location: string;
  window: string;
  hours: string;
  onlineUrl: string;
  faq: { q: string; a: string }[];
  commitment: boolean;
  prefile: { enabled: boolean; fields: FieldRow[] };
}
/** Field path (as the hall names it) → what is wrong. */
export type FieldErrors = Record<string, string>;

export const BLANK_FORM: MatterForm = {
  name: '',
  department: '',
  category: '',
  lifeEvents: [],
  serviceId: '',
  conditions: [],
  materials: [],
  fees: '',
  legalDays: '',
  promisedDays: '',
  location: '',
  window: '',
  hours: '',
  onlineUrl: '',
  faq: [],
  commitment: false,
  prefile: { enabled: false, fields: [] },
};

export function formOf(m: Matter): MatterForm {
  return {
    ...m,
    serviceId: m.serviceId ?? '',
    materials: m.materials.map((x) => ({ ...x, copies: String(x.copies) })),
    legalDays: String(m.legalDays),
    promisedDays: String(m.promisedDays),
    prefile: {
      enabled: m.prefile.enabled,
      fields: m.prefile.fields.map((f) => ({ ...f, options: (f.options ?? []).join('\n'), fromIdCard: f.fromIdCard ?? '' })),
    },
  };
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

export function bodyOf(f: MatterForm): MatterWrite {
  return {
    ...f,
    serviceId: f.serviceId || null,
    materials: f.materials.map((x) => ({ ...x, copies: num(x.copies) })),
    legalDays: num(f.legalDays),
    promisedDays: num(f.promisedDays),
    prefile: {
      enabled: f.prefile.enabled,
      fields: f.prefile.fields.map(({ options, fromIdCard, ...rest }) => ({
        ...rest,
        ...(rest.kind === 'select' ? { options: lines(options) } : {}),
        ...(fromIdCard ? { fromIdCard } : {}),
      })),
    },
  };
}

type Translate = ReturnType<typeof useT<keyof (typeof matterFormMessages)['zh-CN']>>;

/** What the form can say before asking the hall: required fields, whole numbers, select options. */
export function checkForm(f: MatterForm, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  const required = (path: string, value: string) => {
    if (value.trim() === '') errors[path] = t('errRequired');
  };
  const whole = (path: string, value: string, max: number, message: string) => {
    const n = num(value);
    if (!Number.isInteger(n) || n < 0 || n > max) errors[path] = message;
  };
  required('name', f.name);
  required('department', f.department);
  required('category', f.category);
  f.conditions.forEach((c, i) => required(`conditions.${i}`, c));
  f.materials.forEach((x, i) => {
    required(`materials.${i}.name`, x.name);
    whole(`materials.${i}.copies`, x.copies, 99, t('errCopies'));
  });
  whole('legalDays', f.legalDays, 3650, t('errDays'));
  whole('promisedDays', f.promisedDays, 3650, t('errDays'));
  const legal = num(f.legalDays);
  if (!errors.legalDays && !errors.promisedDays && legal !== 0 && num(f.promisedDays) > legal) errors.promisedDays = t('errPromised');
  f.faq.forEach((x, i) => {
    required(`faq.${i}.q`, x.q);
    required(`faq.${i}.a`, x.a);
  });
  f.prefile.fields.forEach((x, i) => {
    required(`prefile.fields.${i}.key`, x.key);
    required(`prefile.fields.${i}.label`, x.label);
    if (x.kind === 'select' && lines(x.options).length === 0) errors[`prefile.fields.${i}.options`] = t('errOptions');
  });
  return errors;
}

const move = <T,>(list: T[], i: number, by: -1 | 1): T[] => {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
};
const replace = <T,>(list: T[], i: number, item: T): T[] => list.map((x, k) => (k === i ? item : x));
const without = <T,>(list: T[], i: number): T[] => list.filter((_, k) => k !== i);

interface A11y {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/** A labelled control with the error the form or the hall gives for its path right under it. */
function Field({
  label,
  path,
  errors,
  wide,
  children,
}: {
  label: string;
  path: string;
  errors: FieldErrors;
  wide?: boolean;
  children: (a: A11y) => ReactNode;
}) {
  const id = useId();
  const error = errors[path];
  return (
    <div className={`mf-field${wide ? ' mf-wide' : ''}${error ? ' mf-invalid' : ''}`} data-field={path}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined })}
      {error && (
        <p className="mf-error" id={`${id}-error`} data-testid={`error-${path}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Up, down and remove for one row of a list. */
function RowTools({ what, i, n, onMove, onRemove }: { what: string; i: number; n: number; onMove: (by: -1 | 1) => void; onRemove: () => void }) {
  const t = useT(matterFormMessages);
  return (
    <div className="mf-row-tools">
      <button type="button" disabled={i === 0} aria-label={t('moveUp', { what })} onClick={() => onMove(-1)}>
        ↑ {t('up')}
      </button>
      <button type="button" disabled={i === n - 1} aria-label={t('moveDown', { what })} onClick={() => onMove(1)}>
        ↓ {t('down')}
      </button>
      <button type="button" className="danger" aria-label={t('removeRow', { what })} onClick={onRemove}>
        {t('del')}
      </button>
    </div>
  );
}

export function MatterFormView({
  form,
  onChange,
  errors,
  services,
}: {
  form: MatterForm;
  onChange: (f: MatterForm) => void;
  errors: FieldErrors;
  services: ServiceView[];
}) {
  const t = useT(matterFormMessages);
  const [lifeEvent, setLifeEvent] = useState('');
  const set = (patch: Partial<MatterForm>) => onChange({ ...form, ...patch });
  const text = (key: 'name' | 'department' | 'category' | 'fees' | 'location' | 'window' | 'hours' | 'onlineUrl', max: number, wide = false) => (
    <Field label={t(key)} path={key} errors={errors} wide={wide}>
      {(a) => <input {...a} value={form[key]} maxLength={max} data-testid={`mf-${key}`} onChange={(e) => set({ [key]: e.target.value })} />}
    </Field>
  );
  const addLifeEvent = () => {
    const name = lifeEvent.trim();
    if (name && !form.lifeEvents.includes(name)) set({ lifeEvents: [...form.lifeEvents, name] });
    setLifeEvent('');
  };
  const material = (i: number, patch: Partial<MaterialRow>) => set({ materials: replace(form.materials, i, { ...form.materials[i]!, ...patch }) });
  const field = (i: number, patch: Partial<FieldRow>) =>
    set({ prefile: { ...form.prefile, fields: replace(form.prefile.fields, i, { ...form.prefile.fields[i]!, ...patch }) } });

  return (
    <div className="matter-form">
      <fieldset>
        <legend>{t('secBasic')}</legend>
        <div className="mf-grid">
          {text('name', 80, true)}
          {text('department', 80)}
          {text('category', 30)}
          <Field label={t('service')} path="serviceId" errors={errors}>
            {(a) => (
              <select {...a} value={form.serviceId} data-testid="mf-serviceId" onChange={(e) => set({ serviceId: e.target.value })}>
                <option value="">{t('serviceNone')}</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('lifeEventNew')} path="lifeEvents" errors={errors}>
            {(a) => (
              <div className="mf-inline">
                <input
                  {...a}
                  value={lifeEvent}
                  maxLength={30}
                  data-testid="mf-lifeEvent"
                  onChange={(e) => setLifeEvent(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      addLifeEvent();
                    }
                  }}
                />
                <button type="button" disabled={!lifeEvent.trim() || form.lifeEvents.length >= 10} data-testid="mf-lifeEvent-add" onClick={addLifeEvent}>
                  {t('add')}
                </button>
              </div>
            )}
          </Field>
        </div>
        {form.lifeEvents.length > 0 && (
          <ul className="mf-chips" aria-label={t('lifeEvents')}>
            {form.lifeEvents.map((name, i) => (
              <li key={name}>
                {name}
                <button type="button" aria-label={t('chipRemove', { name })} onClick={() => set({ lifeEvents: without(form.lifeEvents, i) })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('secConditions')}</legend>
        {form.conditions.map((c, i) => (
          <div className="mf-row" key={i}>
            <Field label={t('conditionN', { n: i + 1 })} path={`conditions.${i}`} errors={errors} wide>
              {(a) => (
                <textarea
                  {...a}
                  rows={2}
                  value={c}
                  maxLength={500}
                  data-testid={`mf-condition-${i}`}
                  onChange={(e) => set({ conditions: replace(form.conditions, i, e.target.value) })}
                />
              )}
            </Field>
            <RowTools
              what={t('conditionN', { n: i + 1 })}
              i={i}
              n={form.conditions.length}
              onMove={(by) => set({ conditions: move(form.conditions, i, by) })}
              onRemove={() => set({ conditions: without(form.conditions, i) })}
            />
          </div>
        ))}
        <button
          type="button"
          disabled={form.conditions.length >= 30}
          data-testid="mf-condition-add"
          onClick={() => set({ conditions: [...form.conditions, ''] })}
        >
          + {t('conditionAdd')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('secMaterials')}</legend>
        {form.materials.map((x, i) => {
          const p = `materials.${i}`;
          return (
            <div className="mf-row" key={i} data-testid={`mf-material-${i}`}>
              <div className="mf-grid">
                <Field label={`${t('materialN', { n: i + 1 })} · ${t('materialName')}`} path={`${p}.name`} errors={errors} wide>
                  {(a) => (
                    <input
                      {...a}
                      value={x.name}
                      maxLength={120}
                      data-testid={`mf-material-${i}-name`}
                      onChange={(e) => material(i, { name: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('materialForm')} path={`${p}.original`} errors={errors}>
                  {(a) => (
                    <select
                      {...a}
                      value={x.original ? 'original' : 'copy'}
                      data-testid={`mf-material-${i}-form`}
                      onChange={(e) => material(i, { original: e.target.value === 'original' })}
                    >
                      <option value="original">{t('original')}</option>
                      <option value="copy">{t('copy')}</option>
                    </select>
                  )}
                </Field>
                <Field label={t('copies')} path={`${p}.copies`} errors={errors}>
                  {(a) => (
                    <input
                      {...a}
                      type="number"
                      min={0}
                      max={99}
                      value={x.copies}
                      data-testid={`mf-material-${i}-copies`}
                      onChange={(e) => material(i, { copies: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('note')} path={`${p}.note`} errors={errors} wide>
                  {(a) => (
                    <input
                      {...a}
                      value={x.note}
                      maxLength={300}
                      data-testid={`mf-material-${i}-note`}
                      onChange={(e) => material(i, { note: e.target.value })}
                    />
                  )}
                </Field>
                <label className="mf-check">
                  <input
                    type="checkbox"
                    checked={x.eLicence}
                    data-testid={`mf-material-${i}-elicence`}
                    onChange={(e) => material(i, { eLicence: e.target.checked })}
                  />
                  {t('eLicence')}
                </label>
              </div>
              <RowTools
                what={t('materialN', { n: i + 1 })}
                i={i}
                n={form.materials.length}
                onMove={(by) => set({ materials: move(form.materials, i, by) })}
                onRemove={() => set({ materials: without(form.materials, i) })}
              />
            </div>
          );
        })}
        <button
          type="button"
          disabled={form.materials.length >= 60}
          data-testid="mf-material-add"
          onClick={() => set({ materials: [...form.materials, { name: '', original: true, copies: '1', note: '', eLicence: false }] })}
        >
          + {t('materialAdd')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('secTime')}</legend>
        <div className="mf-grid">
          {text('fees', 200, true)}
          {(['legalDays', 'promisedDays'] as const).map((key) => (
            <Field key={key} label={t(key)} path={key} errors={errors}>
              {(a) => (
                <input {...a} type="number" min={0} max={3650} value={form[key]} data-testid={`mf-${key}`} onChange={(e) => set({ [key]: e.target.value })} />
              )}
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('secPlace')}</legend>
        <div className="mf-grid">
          {text('location', 120, true)}
          {text('window', 60)}
          {text('hours', 120)}
          {text('onlineUrl', 500, true)}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('secFaq')}</legend>
        {form.faq.map((x, i) => (
          <div className="mf-row" key={i}>
            <div className="mf-grid">
              <Field label={`${t('faqN', { n: i + 1 })} · ${t('faqQ')}`} path={`faq.${i}.q`} errors={errors} wide>
                {(a) => (
                  <input
                    {...a}
                    value={x.q}
                    maxLength={200}
                    data-testid={`mf-faq-${i}-q`}
                    onChange={(e) => set({ faq: replace(form.faq, i, { ...x, q: e.target.value }) })}
                  />
                )}
              </Field>
              <Field label={t('faqA')} path={`faq.${i}.a`} errors={errors} wide>
                {(a) => (
                  <textarea
                    {...a}
                    rows={2}
                    value={x.a}
                    maxLength={1000}
                    data-testid={`mf-faq-${i}-a`}
                    onChange={(e) => set({ faq: replace(form.faq, i, { ...x, a: e.target.value }) })}
                  />
                )}
              </Field>
            </div>
            <RowTools
              what={t('faqN', { n: i + 1 })}
              i={i}
              n={form.faq.length}
              onMove={(by) => set({ faq: move(form.faq, i, by) })}
              onRemove={() => set({ faq: without(form.faq, i) })}
            />
          </div>
        ))}
        <button type="button" disabled={form.faq.length >= 30} data-testid="mf-faq-add" onClick={() => set({ faq: [...form.faq, { q: '', a: '' }] })}>
          + {t('faqAdd')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('secCommitment')}</legend>
        <label className="mf-check">
          <input type="checkbox" checked={form.commitment} data-testid="mf-commitment" onChange={(e) => set({ commitment: e.target.checked })} />
          {t('commitment')}
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('secPrefile')}</legend>
        <label className="mf-check">
          <input
            type="checkbox"
            checked={form.prefile.enabled}
            data-testid="mf-prefile-enabled"
            onChange={(e) => set({ prefile: { ...form.prefile, enabled: e.target.checked } })}
          />
          {t('prefileEnabled')}
        </label>
        {errors['prefile.fields'] && (
          <p className="mf-error" data-testid="error-prefile.fields">
            {errors['prefile.fields']}
          </p>
        )}
        {form.prefile.fields.map((x, i) => {
          const p = `prefile.fields.${i}`;
          return (
            <div className="mf-row" key={i} data-testid={`mf-field-${i}`}>
              <div className="mf-grid">
                <Field label={`${t('fieldN', { n: i + 1 })} · ${t('fieldKey')}`} path={`${p}.key`} errors={errors}>
                  {(a) => (
                    <input
                      {...a}
                      value={x.key}
                      maxLength={40}
                      spellCheck={false}
                      data-testid={`mf-field-${i}-key`}
                      onChange={(e) => field(i, { key: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('fieldLabel')} path={`${p}.label`} errors={errors}>
                  {(a) => (
                    <input {...a} value={x.label} maxLength={40} data-testid={`mf-field-${i}-label`} onChange={(e) => field(i, { label: e.target.value })} />
                  )}
                </Field>
                <Field label={t('fieldKind')} path={`${p}.kind`} errors={errors}>
                  {(a) => (
                    <select {...a} value={x.kind} data-testid={`mf-field-${i}-kind`} onChange={(e) => field(i, { kind: e.target.value as Kind })}>
                      {PREFILE_FIELD_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`kind_${k}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('fieldFromId')} path={`${p}.fromIdCard`} errors={errors}>
                  {(a) => (
                    <select
                      {...a}
                      value={x.fromIdCard}
                      data-testid={`mf-field-${i}-fromId`}
                      onChange={(e) => field(i, { fromIdCard: e.target.value as IdField | '' })}
                    >
                      <option value="">{t('fromId_none')}</option>
                      {ID_CARD_FIELDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`fromId_${k}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <label className="mf-check">
                  <input
                    type="checkbox"
                    checked={x.required}
                    data-testid={`mf-field-${i}-required`}
                    onChange={(e) => field(i, { required: e.target.checked })}
                  />
                  {t('fieldRequired')}
                </label>
                {x.kind === 'select' && (
                  <Field label={t('fieldOptions')} path={`${p}.options`} errors={errors} wide>
                    {(a) => (
                      <textarea
                        {...a}
                        rows={3}
                        value={x.options}
                        data-testid={`mf-field-${i}-options`}
                        onChange={(e) => field(i, { options: e.target.value })}
                      />
                    )}
                  </Field>
                )}
              </div>
              <RowTools
                what={t('fieldN', { n: i + 1 })}
                i={i}
                n={form.prefile.fields.length}
                onMove={(by) => set({ prefile: { ...form.prefile, fields: move(form.prefile.fields, i, by) } })}
                onRemove={() => set({ prefile: { ...form.prefile, fields: without(form.prefile.fields, i) } })}
              />
            </div>
          );
        })}
        <button
          type="button"
          disabled={form.prefile.fields.length >= 30}
          data-testid="mf-field-add"
          onClick={() =>
            set({
              prefile: {
                ...form.prefile,
                fields: [...form.prefile.fields, { key: '', label: '', kind: 'text', required: false, options: '', fromIdCard: '' }],
              },
            })
          }
        >
          + {t('fieldAdd')}
        </button>
      </fieldset>
    </div>
  );
}
