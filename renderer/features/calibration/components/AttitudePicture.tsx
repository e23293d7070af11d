/**
 * A small drawing of the device's attitude: the box tilted by the measured angle (solid) over
 * the server's expected angle (dashed), against the horizon. One view for roll, one for pitch.
 */
export function AttitudePicture({ measured, expected, caption, label }: { measured: number; expected: number; caption: string; label: string }) {
  const clamp = (deg: number) => Math.max(-60, Math.min(60, deg));
  return (
    <figure className="attitude">
      <svg viewBox="-60 -40 120 80" width="180" height="120" role="img" aria-label={label}>
        <line x1="-58" y1="0" x2="58" y2="0" className="attitude-horizon" />
        <g transform={`rotate(${clamp(-expected)})`}>
          <rect x="-34" y="-12" width="68" height="24" rx="3" className="attitude-expected" />
        </g>
        <g transform={`rotate(${clamp(-measured)})`}>
          <rect x="-34" y="-12" width="68" height="24" rx="3" className="attitude-measured" />
          <line x1="0" y1="-12" x2="0" y2="-30" className="attitude-up" />
          <circle cx="0" cy="-31" r="2.5" className="attitude-up-dot" />
        </g>
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
