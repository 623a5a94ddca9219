// A small W3C WebDriver client (fetch only): enough to drive the real app through tauri-driver
// and WebKitWebDriver without pulling a large client library into the project.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      try {
        const r = await call(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
        return new Session(base, r.sessionId);
      } catch (e) {
        lastError = e;
        await sleep(250);
      }
    }
    throw new Error(`could not start a WebDriver session: ${lastError}`);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async end() {
    try {
      await call(this.base, 'DELETE', `/session/${this.id}`);
    } catch {
      /* the app may already be gone */
    }
  }

  /** Finds by CSS selector; `testid` is shorthand for [data-testid="…"]. */
  async find(selector, { timeout = 10000, visible = true } = {}) {
    const css = selector.startsWith('#') || selector.includes('[') || selector.includes('.') || selector.includes(' ')
      ? selector
      : `[data-testid="${selector}"]`;
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const r = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        const el = new Element(this, r[ELEMENT]);
        if (!visible || (await el.displayed())) return el;
        last = 'not visible';
      } catch (e) {
        last = e.message;
      }
      await sleep(100);
    }
    throw new Error(`element ${css} not found/visible within ${timeout} ms (${last})`);
  }

  async exists(selector) {
    const css = selector.includes('[') ? selector : `[data-testid="${selector}"]`;
    const r = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return r.length > 0;
  }

  /** Clicks, retrying while something (a fading message, an opening dialog) covers the target. */
  async click(selector, opts) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const el = await this.find(selector, opts);
      try {
        await el.click();
        return el;
      } catch (e) {
        if (Date.now() > deadline || !/intercepted|not interactable|stale/.test(e.message)) {
          const over = await this.execute(
            'const e = arguments[0]; const r = e.getBoundingClientRect(); const t = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return t ? t.outerHTML.slice(0, 200) : null',
            { [ELEMENT]: el.id },
          ).catch(() => null);
          throw new Error(`${e.message} (clicking ${selector}; on top: ${over})`);
        }
        await sleep(150);
      }
    }
  }

  /** Empties the field the way a person does (select all, delete), then types `text`. A
   * WebDriver "clear" alone would bypass the input events the UI's data binding listens to. */
  async type(selector, text, opts) {
    // A screen that moves the focus a moment after it is shown (a wizard step focusing its first
    // field) may take it between the click and the keys, which would then edit another field.
    // So the keys go only once the field is seen to hold the focus, and it is checked emptied.
    const focused = (el) =>
      this.execute(
        "const e = arguments[0]; const a = document.activeElement; return !!a && (e === a || e.contains(a))",
        { [ELEMENT]: el.id },
      );
    for (let attempt = 0; ; attempt++) {
      const el = await this.click(selector, opts);
      await sleep(80 + 100 * attempt);
      if (!(await focused(el)) && attempt < 5) continue;
      await this.keys(Keys.chord(Keys.CTRL, 'a'), Keys.BACKSPACE);
      const emptied = await this.execute(
        "const e = arguments[0]; const i = e.matches('input, textarea') ? e : e.querySelector('input, textarea'); return !i || i.value === ''",
        { [ELEMENT]: el.id },
      );
      if ((emptied && (await focused(el))) || attempt >= 5) {
        if (text !== '') await el.send(text);
        return el;
      }
    }
  }

  async text(selector, opts) {
    return (await this.find(selector, opts)).text();
  }

  /** Waits until `fn()` is truthy. */
  async until(fn, what, timeout = 10000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e.message;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
  }

  /** Presses keys on the focused element; `Keys.ENTER`, `Keys.CTRL` and text may be mixed. */
  async keys(...seq) {
    const actions = [];
    for (const k of seq) {
      if (k && typeof k === 'object' && k.chord) {
        for (const c of k.chord) actions.push({ type: 'keyDown', value: c });
        for (const c of [...k.chord].reverse()) actions.push({ type: 'keyUp', value: c });
      } else {
        for (const ch of k) {
          actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
        }
      }
    }
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /** Types into whatever has the focus, as a person at the keyboard does (any script, CJK too). */
  async typeFocused(text) {
    const r = await this.cmd('GET', '/element/active');
    await new Element(this, r[ELEMENT]).send(text);
  }

  execute(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  async screenshot(file) {
    const b64 = await this.cmd('GET', '/screenshot');
    const fs = await import('node:fs');
    fs.writeFileSync(file, Buffer.from(b64, 'base64'));
  }
}

export class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  cmd(method, path, body) {
    return this.s.cmd(method, `/element/${this.id}${path}`, body);
  }
  click() {
    return this.cmd('POST', '/click', {});
  }
  clear() {
    return this.cmd('POST', '/clear', {});
  }
  send(text) {
    return this.cmd('POST', '/value', { text });
  }
  text() {
    return this.cmd('GET', '/text');
  }
  displayed() {
    return this.cmd('GET', '/displayed');
  }
  attr(name) {
    return this.cmd('GET', `/attribute/${name}`);
  }
}

export const Keys = {
  ENTER: '\uE007',
  TAB: '\uE004',
  ESCAPE: '\uE00C',
  BACKSPACE: '\uE003',
  F1: '\uE031',
  CTRL: '\uE009',
  chord: (...keys) => ({ chord: keys }),
};

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    // No WebDriver command takes a minute: one that does means a stuck driver, not a slow app.
    signal: AbortSignal.timeout(60000),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value || {};
    throw new Error(`${method} ${path}: ${v.error || res.status} ${v.message || ''}`.trim());
  }
  return json.value;
}
