// One symbol per event type: a shape, a colour and a letter, so types stay
// apart for colour-blind readers and in grey-scale prints too. Colours are
// written as SVG attributes (the CSP forbids inline style attributes).

export const TYPES = {
  deployment: { label: 'Deployments', one: 'Deployment', colour: '#c62828', shape: 'triangle', letter: 'D' },
  port_call_agreement: {
    label: 'Port-call agreements',
    one: 'Port-call agreement',
    colour: '#1d4fa0',
    shape: 'square',
    letter: 'PA',
  },
  port_call: { label: 'Port calls', one: 'Port call', colour: '#00838f', shape: 'circle', letter: 'P' },
  arms_transfer: { label: 'Arms transfers', one: 'Arms transfer', colour: '#d35400', shape: 'diamond', letter: 'W' },
  agreement: { label: 'Agreements', one: 'Agreement', colour: '#7b3fa0', shape: 'hexagon', letter: 'Ag' },
  exercise: { label: 'Exercises', one: 'Exercise', colour: '#2e7d32', shape: 'star', letter: 'E' },
  visit: { label: 'Visits', one: 'Visit', colour: '#6d4c41', shape: 'pin', letter: 'V' },
};

export const PLACE_COLOUR = '#4a4a4a';

const SHAPES = {
  triangle: '<polygon points="13,1.5 25,23.5 1,23.5"/>',
  square: '<rect x="2.5" y="2.5" width="21" height="21" rx="3"/>',
  circle: '<circle cx="13" cy="13" r="11"/>',
  diamond: '<polygon points="13,0.8 25.2,13 13,25.2 0.8,13"/>',
  hexagon: '<polygon points="13,1 23.5,7 23.5,19 13,25 2.5,19 2.5,7"/>',
  star: '<polygon points="13,0.8 16.4,8.9 25.2,9.6 18.5,15.3 20.6,24 13,19.4 5.4,24 7.5,15.3 0.8,9.6 9.6,8.9"/>',
  pin: '<polygon points="1.5,2.5 24.5,2.5 13,24.5"/>',
};

// Where the letter sits inside each shape (a triangle's centre is low).
const LETTER_Y = { triangle: 19, pin: 13.5, star: 16.8 };

/** The SVG symbol of an event type, `size` pixels square. */
export function symbolSvg(type, size = 26) {
  const t = TYPES[type];
  const y = LETTER_Y[t.shape] ?? 17;
  const font = t.letter.length > 1 ? 9 : 11;
  return (
    `<svg class="symbol" width="${size}" height="${size}" viewBox="0 0 26 26" aria-hidden="true">` +
    `<g fill="${t.colour}" stroke="#fff" stroke-width="1.6" stroke-linejoin="round">${SHAPES[t.shape]}</g>` +
    `<text x="13" y="${y}" text-anchor="middle" font-size="${font}" font-weight="700" ` +
    `font-family="system-ui,sans-serif" fill="#fff">${t.letter}</text></svg>`
  );
}

/** A short line sample for flows in the legend and the layer control. */
export function flowSvg(type) {
  const t = TYPES[type];
  return (
    `<svg class="symbol" width="26" height="12" viewBox="0 0 26 12" aria-hidden="true">` +
    `<path d="M1 10 Q13 -2 25 10" fill="none" stroke="${t.colour}" stroke-width="2.5" ` +
    `stroke-dasharray="${type === 'port_call' ? '5 3' : 'none'}"/></svg>`
  );
}

/** The dot drawn for a place. */
export function placeSvg() {
  return (
    `<svg class="symbol" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">` +
    `<circle cx="7" cy="7" r="4.5" fill="#fff" stroke="${PLACE_COLOUR}" stroke-width="2.5"/></svg>`
  );
}
