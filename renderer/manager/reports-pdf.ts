// The monthly report for the leadership as a PDF, made in the browser: each A4 page is drawn on a canvas (the hall's
// Chinese text in the browser's own fonts, the charts as ECharts pictures) and placed in the PDF by pdf-lib. No CJK font
// has to be shipped or embedded, and the server stays out of drawing; the text is a picture, which a printed
// monthly report does not miss.
import type { Lang } from '../shared/i18n.ts';
import type { ManagerKey } from './messages.ts';
import { chartImage } from './reports-charts.tsx';
import { saveBlob, type Summary, type SummaryRow } from './reports-data.ts';
import { KPIS, type ReportData } from './reports-tab.tsx';

type T = (key: ManagerKey, vars?: Record<string, string | number>) => string;

// A4 at 150 dots per inch.
const W = 1240;
const H = 1754;
const M = 90;
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
const A4_POINTS: [number, number] = [595.28, 841.89];

function page(): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#14213d';
  ctx.textBaseline = 'top';
  return { canvas, ctx };
}

function text(
  ctx: CanvasRenderingContext2D,
  s: string,
  x: number,
  y: number,
  size: number,
  opts: { bold?: boolean; color?: string; align?: CanvasTextAlign; maxWidth?: number } = {},
) {
  ctx.font = `${opts.bold ? '700 ' : ''}${size}px ${FONT}`;
  ctx.fillStyle = opts.color ?? '#14213d';
  ctx.textAlign = opts.align ?? 'left';
  ctx.fillText(s, x, y, opts.maxWidth);
}

/** Draws a chart's picture into the box, keeping its proportions; returns the height used. */
async function drawChart(ctx: CanvasRenderingContext2D, name: string, x: number, y: number, width: number, maxHeight: number): Promise<number> {
  const shot = chartImage(name, 2);
  if (!shot) return 0;
  const img = new Image();
  img.src = shot.url;
  await img.decode();
  const scale = Math.min(width / shot.width, maxHeight / shot.height);
  const w = shot.width * scale;
  const h = shot.height * scale;
  ctx.drawImage(img, x + (width - w) / 2, y, w, h);
  return h;
}

/** A table of columns [header, cell text, right-aligned]; returns where it ends. */
function table(ctx: CanvasRenderingContext2D, y: number, widths: number[], head: string[], rows: string[][], size = 22): number {
  const rowH = size + 16;
  let x = M;
  ctx.fillStyle = '#eef2f7';
  ctx.fillRect(M, y, W - 2 * M, rowH);
  head.forEach((h, i) => {
    text(ctx, h, i === 0 ? x + 8 : x + widths[i]! - 8, y + 8, size, { bold: true, align: i === 0 ? 'left' : 'right', maxWidth: widths[i]! - 16 });
    x += widths[i]!;
  });
  y += rowH;
  for (const r of rows) {
    x = M;
    r.forEach((c, i) => {
      text(ctx, c, i === 0 ? x + 8 : x + widths[i]! - 8, y + 8, size, { align: i === 0 ? 'left' : 'right', maxWidth: widths[i]! - 16 });
      x += widths[i]!;
    });
    ctx.fillStyle = '#d5deeb';
    ctx.fillRect(M, y + rowH - 1, W - 2 * M, 1);
    y += rowH;
  }
  return y;
}

const minutes = (s: number | null) => (s === null ? '—' : (s / 60).toFixed(1));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function summaryTable(ctx: CanvasRenderingContext2D, y: number, s: Summary, t: T, limit: number): number {
  const rows = s.rows.slice(0, limit);
  const cells = (r: SummaryRow, label: string) => [
    label,
    String(r.issued),
    String(r.served),
    String(r.noShow),
    minutes(r.waitSeconds.mean),
    minutes(r.waitSeconds.p90),
    minutes(r.serviceSeconds.mean),
    pct(r.serviceLevel),
    pct(r.ratings.satisfaction),
  ];
  return table(
    ctx,
    y,
    [260, 100, 100, 90, 110, 110, 110, 90, 90],
    [
      t(`groupBy_${s.groupBy}`),
      t('colIssued'),
      t('colServed'),
      t('colNoShow'),
      t('colWaitMean'),
      t('colWaitP90'),
      t('colServiceMean'),
      t('colServiceLevel'),
      t('colSatisfaction'),
    ],
    [...rows.map((r) => cells(r, r.label || r.key)), cells(s.total, t('overall'))],
    19,
  );
}

export async function buildMonthlyPdf({ data, t, hallName }: { data: ReportData; t: T; hallName: string; lang: Lang }): Promise<void> {
  const { PDFDocument } = await import('pdf-lib');
  const month = data.period.from.slice(0, 7);
  const isMonth = data.period.from.endsWith('-01') && data.period.to.slice(0, 7) === month;
  const title = isMonth
    ? t('pdfTitleMonth', { hall: hallName, m: month })
    : t('pdfTitlePeriod', { hall: hallName, p: `${data.period.from} – ${data.period.to}` });
  const pages: HTMLCanvasElement[] = [];

  // Page 1: the figures against the month before, the trend, 好差评.
  {
    const { canvas, ctx } = page();
    text(ctx, title, W / 2, M, 44, { bold: true, align: 'center' });
    text(ctx, t('pdfSubtitle', { p: `${data.period.from} – ${data.period.to}`, q: `${data.previous.from} – ${data.previous.to}` }), W / 2, M + 64, 22, {
      align: 'center',
      color: '#5b6b85',
    });
    let y = M + 120;
    text(ctx, t('kpisTitle'), M, y, 28, { bold: true });
    y += 44;
    const now = data.by.day.total;
    const before = data.before.total;
    y = table(
      ctx,
      y,
      [420, 220, 220, 200],
      [t('pdfFigure'), t('pdfThisPeriod'), t('pdfPreviousPeriod'), t('pdfChange')],
      KPIS.map((k) => {
        const v = k.value(now);
        const p = k.value(before);
        const d =
          v !== null && p !== null ? (k.kind === 'share' ? `${((v - p) * 100).toFixed(1)}pt` : p === 0 ? '—' : `${(((v - p) / p) * 100).toFixed(1)}%`) : '—';
        return [t(k.label), k.show(v), k.show(p), d.startsWith('-') ? d.replace('-', '−') : d === '—' ? d : `+${d}`];
      }),
    );
    y += 30;
    text(ctx, t('chartTrend'), M, y, 28, { bold: true });
    y += 44;
    y += await drawChart(ctx, 'trend', M, y, W - 2 * M, 520);
    y += 24;
    text(ctx, t('chartRatings'), M, y, 28, { bold: true });
    y += 44;
    await drawChart(ctx, 'ratings', M + (W - 2 * M) / 4, y, (W - 2 * M) / 2, H - y - M);
    pages.push(canvas);
  }
  // Page 2: when people came, and each service.
  {
    const { canvas, ctx } = page();
    let y = M;
    text(ctx, t('chartHeatmap'), M, y, 28, { bold: true });
    y += 44;
    y += await drawChart(ctx, 'heatmap', M, y, W - 2 * M, 620);
    y += 24;
    text(ctx, t('tableBy', { by: t('groupBy_service') }), M, y, 28, { bold: true });
    y += 44;
    y = summaryTable(ctx, y, data.by.service, t, 12);
    y += 24;
    text(ctx, t('tableBy', { by: t('groupBy_counter') }), M, y, 28, { bold: true });
    y += 44;
    summaryTable(ctx, y, data.by.counter, t, Math.max(1, Math.floor((H - y - M) / 35) - 2));
    pages.push(canvas);
  }
  // Page 3: staff, and the hours.
  {
    const { canvas, ctx } = page();
    let y = M;
    text(ctx, t('tableBy', { by: t('groupBy_staff') }), M, y, 28, { bold: true });
    y += 44;
    y = summaryTable(ctx, y, data.by.staff, t, 20);
    y += 24;
    text(ctx, t('chartHours'), M, y, 28, { bold: true });
    y += 44;
    await drawChart(ctx, 'hours', M, y, W - 2 * M, Math.min(520, H - y - M));
    pages.push(canvas);
  }

  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator(hallName);
  for (const canvas of pages) {
    const png = await doc.embedPng(canvas.toDataURL('image/png'));
    doc.addPage(A4_POINTS).drawImage(png, { x: 0, y: 0, width: A4_POINTS[0], height: A4_POINTS[1] });
  }
  const bytes = await doc.save();
  saveBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), `${isMonth ? `monthly-${month}` : `report-${data.period.from}_${data.period.to}`}.pdf`);
}
