/**
 * A horizontal bar chart (SVG). Right to left (Arabic) it is mirrored: labels and the axis on the
 * right, bars growing leftwards; each label and value keeps its own reading direction, so numbers
 * stay readable.
 */
const WIDTH = 420;
const LABEL = 130;
const BAR = 170;
const ROW = 26;

export function Bars({
  rows,
  max,
  testid,
  rtl = false,
}: {
  rows: Array<{ label: string; value: number; text: string }>;
  max: number;
  testid: string;
  rtl?: boolean;
}) {
  const height = rows.length * ROW;
  // Positions measured from the chart's start side, then mirrored when right to left.
  const x = (fromStart: number) => (rtl ? WIDTH - fromStart : fromStart);
  const anchor = rtl ? 'end' : 'start';
  return (
    <svg className="console-bars" data-testid={testid} data-direction={rtl ? 'rtl' : 'ltr'} viewBox={`0 0 ${WIDTH} ${height}`} role="img">
      <line x1={x(LABEL)} x2={x(LABEL)} y1="0" y2={height} className="console-bar-axis" />
      {rows.map((r, i) => {
        const width = max === 0 ? 0 : Math.max(1, (r.value / max) * BAR);
        return (
          <g key={i} transform={`translate(0 ${i * ROW})`}>
            <text x={x(0)} y="17" textAnchor={anchor} className="console-bar-label">
              {r.label}
            </text>
            <rect x={rtl ? x(LABEL) - width : LABEL} y="4" height="18" rx="3" width={width} className="console-bar" />
            <text x={x(LABEL + 8 + width)} y="17" textAnchor={anchor} className="console-bar-value">
              {r.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
