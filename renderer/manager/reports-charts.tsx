// Charts of the Reports tab, drawn by ECharts on canvas (loaded on first use); each registers itself by name so the
// monthly PDF can take its picture (getDataURL).
import { useEffect, useRef } from 'react';
import type { ECharts, EChartsOption } from './reports-echarts.ts';

const charts = new Map<string, ECharts>();

/** A chart's picture as PNG data URL, white behind it; null when that chart is not on the page. */
export function chartImage(name: string, pixelRatio = 2): { url: string; width: number; height: number } | null {
  const chart = charts.get(name);
  if (!chart) return null;
  return { url: chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: '#ffffff' }), width: chart.getWidth(), height: chart.getHeight() };
}

export function Chart({ name, option, label, height }: { name: string; option: EChartsOption; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let gone = false;
    let observer: ResizeObserver | null = null;
    void import('./reports-echarts.ts').then(({ echarts }) => {
      if (gone || !box.current) return;
      const c = echarts.init(box.current, null, { renderer: 'canvas' });
      c.setOption(latest.current);
      chart.current = c;
      charts.set(name, c);
      box.current.dataset.ready = 'true';
      observer = new ResizeObserver(() => c.resize());
      observer.observe(box.current);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      if (charts.get(name) === chart.current) charts.delete(name);
      chart.current?.dispose();
      chart.current = null;
    };
  }, [name]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  // A height set through the DOM's style object (the page's CSP allows no style attributes in markup).
  useEffect(() => {
    if (box.current && height) box.current.style.height = `${height}px`;
    chart.current?.resize();
  }, [height]);

  return <div ref={box} className="chart" role="img" aria-label={label} data-chart={name} />;
}
