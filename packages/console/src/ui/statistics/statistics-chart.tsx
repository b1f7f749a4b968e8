import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

/**
 * A uPlot chart (loaded on first use, so the console's first download stays small). `x` are
 * unix seconds for time axes, or plain numbers (hours) with `time: false`.
 */
export function StatisticsChart({ title, x, series, time, bars }: { title: string; x: number[]; series: ChartSeries[]; time: boolean; bars?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let plot: uPlot | null = null;
    let live = true;
    void import('uplot').then(({ default: UPlot }) => {
      const el = host.current;
      if (!live || !el) return;
      const width = Math.max(300, Math.min(900, el.clientWidth || 600));
      plot = new UPlot(
        {
          width,
          height: 220,
          scales: { x: { time } },
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 2,
              fill: bars ? `${s.color}55` : undefined,
              ...(bars ? { paths: UPlot.paths.bars!({ size: [0.6, 40] }) } : {}),
            })),
          ],
          axes: [{}, { size: 40 }],
          legend: { show: true },
        },
        [x, ...series.map((s) => s.values)],
        el,
      );
    });
    return () => {
      live = false;
      plot?.destroy();
    };
  }, [JSON.stringify({ x, series, time, bars })]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={host} class="chart-host" role="img" aria-label={title} />
    </figure>
  );
}
