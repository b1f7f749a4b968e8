/** The script tag a site owner pastes into every page (the widget reads its data attributes). */
export function embedSnippet(origin: string, projectId: string): string {
  return `<script src="${origin}/widget.js" data-project="${projectId}" async></script>`;
}

/** Server-side code that signs a visitor in (docs/identity.md): HMAC-SHA256 of the user id with the HMAC key. */
export function identifySnippets(): { lang: string; code: string }[] {
  const page = `<script>\n  parley('identify', { id: USER_ID, signature: SIGNATURE, name: 'Анна', email: 'anna@example.com' });\n</script>`;
  return [
    {
      lang: 'Node.js',
      code: `import { createHmac } from 'node:crypto';\nconst signature = createHmac('sha256', PARLEY_HMAC_KEY).update(user.id).digest('hex');`,
    },
    { lang: 'PHP', code: `$signature = hash_hmac('sha256', $user->id, PARLEY_HMAC_KEY);` },
    { lang: 'Python', code: `signature = hmac.new(PARLEY_HMAC_KEY.encode(), user_id.encode(), hashlib.sha256).hexdigest()` },
    { lang: 'HTML', code: page },
    {
      lang: 'JWT (HS256, signed with the JWT key)',
      code: `parley('identify', { jwt: TOKEN_FROM_YOUR_BACK_END }); // payload: { sub, exp, name?, email?, phone? }`,
    },
  ];
}
