/** Small stroke icons drawn for the navigation (24×24, currentColor). */
const paths: Record<string, string> = {
  agents: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6',
  talk: 'M12 3a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  simulate: 'M7 4l13 8-13 8z',
  calls: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  numbers: 'M5 9h15M4 15h15M10 3L8 21M16 3l-2 18',
  kb: 'M5 4a1 1 0 0 1 1-1h13v15H6a2 2 0 0 0-2 2V4zM4 20a2 2 0 0 0 2 1h13v-3M9 7h6',
  tools: 'M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4',
  webhooks: 'M13 2L4 14h7l-1 8 9-12h-7z',
  outcomes: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 12l3 3 5-6',
  integrations: 'M9 2v5M15 2v5M6 7h12v4a6 6 0 0 1-12 0zM12 17v5',
  keys: 'M8 19a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM11 12l9-9M16 7l3 3',
  usage: 'M5 20V11M11 20V5M17 20v-6M3 20h18',
};

export function Icon({ name }: { name: keyof typeof paths | string }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        d={paths[name] ?? ''}
        fill="none"
        stroke="currentColor"
        stroke-width="1.8"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
