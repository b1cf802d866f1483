// Draws the bucket list and the creation tree from the JSON in #goroscope-data. Every name from the dump goes in
// through textContent, never as markup. Lists are drawn a page at a time and bucket bodies and tree levels only
// when opened, so the page stays quick with tens of thousands of buckets.
(() => {
  'use strict';

  const PAGE = 100;
  const data = JSON.parse(document.getElementById('goroscope-data').textContent);
  const buckets = data.buckets;
  const frames = data.frames;
  const FRAME_KIND = ['user', 'std', 'runtime', 'third']; // frame[3]: who owns the code
  const OWNER_CHIP = [['your code', 'tag'], ['standard library', 'calm tag'], ['runtime', 'calm tag'], ['third-party', 'plain tag']];
  const number = new Intl.NumberFormat('en-US');

  const $ = (id) => document.getElementById(id);
  const list = $('bucket-list');
  const moreButton = $('show-more');
  const filters = {
    pattern: $('filter-pattern'),
    state: $('filter-state'),
    package: $('filter-package'),
    suspects: $('filter-suspects'),
    search: $('filter-search'),
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function append(parent, ...children) {
    for (const child of children) if (child) parent.append(child);
    return parent;
  }

  const frameOf = (index) => (index >= 0 ? frames[index] : null);
  const fileLine = (frame) => `${frame[1]}:${frame[2]}`;
  const shownLine = (frame) => `${frame[5]}:${frame[2]}`; // relative to the module, or under its import path
  const plural = (n, word) => `${number.format(n)} ${word}${n === 1 ? '' : 's'}`;

  function scoreBadge(bucket) {
    const tone = bucket.score >= data.threshold ? 'high' : bucket.score >= data.threshold / 2 ? 'mid' : 'low';
    const badge = el('span', `score ${tone}`, bucket.score.toFixed(1));
    badge.title = `leak suspicion ${bucket.score.toFixed(1)} / 100 (suspect from ${data.threshold})`;
    return badge;
  }

  function patternChip(bucket) {
    const pattern = data.patterns[bucket.pattern];
    const tone = bucket.pattern === 'runtime-leaked' ? 'danger' : pattern.stuck ? '' : 'calm';
    const chip = el('span', `chip ${tone}`.trim(), bucket.pattern);
    chip.title = pattern.why;
    return chip;
  }

  // What a bucket's goroutines run: the outermost frame, the function their go statement started.
  function goroutineFunction(bucket) {
    const outermost = bucket.elidedFrames === 0 && bucket.stack.length > 0 ? frames[bucket.stack[bucket.stack.length - 1]] : frameOf(bucket.site);
    return outermost ? outermost[0] : bucket.state;
  }

  function bucketLink(bucket) {
    const link = el('a', 'bucket-link', goroutineFunction(bucket));
    link.href = `#b-${bucket.id}`;
    link.title = `bucket ${bucket.id}`;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      reveal(bucket.id);
    });
    return link;
  }

  // ---- bucket list ----

  let haystacks = null; // lower-cased functions and files of each bucket, built on the first search
  function haystack(index) {
    if (!haystacks) {
      haystacks = buckets.map((b) => {
        const parts = [b.id];
        const add = (frame) => parts.push(frame[0], fileLine(frame), shownLine(frame));
        for (const f of b.stack) add(frames[f]);
        const creator = frameOf(b.createdBy);
        if (creator) add(creator);
        return parts.join('\n').toLowerCase();
      });
    }
    return haystacks[index];
  }

  let matching = [];
  let shown = 0;

  function applyFilters() {
    // "all" is the first option of each list; compared by position because a package can be "" (C frames).
    const pattern = filters.pattern.selectedIndex > 0 ? filters.pattern.value : null;
    const state = filters.state.selectedIndex > 0 ? filters.state.value : null;
    const pkg = filters.package.selectedIndex > 0 ? filters.package.value : null;
    const suspectsOnly = filters.suspects.checked;
    const terms = filters.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    matching = [];
    let goroutines = 0;
    buckets.forEach((b, i) => {
      if (pattern !== null && b.pattern !== pattern) return;
      if (state !== null && b.state !== state) return;
      if (pkg !== null && b.package !== pkg) return;
      if (suspectsOnly && !b.suspect) return;
      if (terms.length && !terms.every((t) => haystack(i).includes(t))) return;
      matching.push(i);
      goroutines += b.count;
    });
    list.replaceChildren();
    shown = 0;
    showMore();
    const total = buckets.reduce((sum, b) => sum + b.count, 0);
    $('shown-count').textContent = matching.length === buckets.length
      ? `${plural(buckets.length, 'bucket')} · ${plural(total, 'goroutine')}`
      : `showing ${number.format(matching.length)} of ${plural(buckets.length, 'bucket')} · ${number.format(goroutines)} of ${plural(total, 'goroutine')}`;
    if (matching.length === 0)
      list.append(el('p', 'empty', buckets.length === 0 ? 'The dump holds no goroutines.' : 'No bucket matches these filters.'));
  }

  function showMore(upTo) {
    const end = Math.min(matching.length, Math.max(shown + PAGE, upTo || 0));
    const fragment = document.createDocumentFragment();
    for (; shown < end; shown++) fragment.append(bucketRow(matching[shown]));
    list.append(fragment);
    const rest = matching.length - shown;
    moreButton.hidden = rest === 0;
    moreButton.textContent = `Show ${number.format(Math.min(rest, PAGE))} more (${number.format(rest)} not shown)`;
  }

  function bucketRow(index) {
    const b = buckets[index];
    const row = el('details', b.suspect ? 'bucket suspect' : 'bucket');
    row.id = `b-${b.id}`;
    const summary = el('summary');
    const site = frameOf(b.site);
    const siteCell = el('span', 'site');
    append(siteCell,
      el('span', 'fn', site ? site[0] : '(no frames)'),
      el('span', 'where', site ? shownLine(site) : ''));
    if (site) siteCell.title = `${site[0]}\n${fileLine(site)}`;
    const state = el('span', 'state', b.state);
    state.title = b.stateInferred ? `${b.state} (inferred from the frames)` : b.state;
    const patternCell = append(el('span', 'pattern-cell'), patternChip(b), state);
    const flags = el('span', 'flags');
    if (b.leaked > 0) flags.append(el('span', 'chip danger', `${number.format(b.leaked)} leaked`));
    if (b.background) flags.append(el('span', 'chip info', 'background'));
    if (b.healthy) flags.append(el('span', 'chip calm', 'wakes by itself'));
    if (b.maxMinutes > 0) flags.append(el('span', 'chip plain', `${minuteRange(b)} min`));
    append(summary,
      el('span', 'rank', index + 1),
      scoreBadge(b),
      el('span', 'count', `${number.format(b.count)}×`),
      patternCell, siteCell, flags);
    row.append(summary);
    row.addEventListener('toggle', () => {
      if (row.open && row.childElementCount === 1) row.append(bucketBody(index));
    });
    return row;
  }

  const minuteRange = (b) => (b.minMinutes === b.maxMinutes ? `${b.maxMinutes}` : `${b.minMinutes}–${b.maxMinutes}`);

  function bucketBody(index) {
    const b = buckets[index];
    const body = el('div', 'body');
    const pattern = data.patterns[b.pattern];
    const explain = el('dl', 'explain');
    if (b.background) {
      // A role that runs for the program's life: not a leak, so no leak's why and fix.
      fact(explain, 'Background', `${b.background}: goroutines of this role normally live as long as the program. Listed for completeness, not suspected.`);
    } else {
      fact(explain, 'Why', withCode(pattern.why));
      fact(explain, 'Fix', withCode(pattern.fix));
    }
    body.append(explain);

    const facts = el('dl', 'facts');
    fact(facts, 'Bucket', `${b.id} · ${plural(b.count, 'goroutine')} · score ${b.score.toFixed(1)}${b.suspect ? ' (leak suspect)' : ''}`);
    fact(facts, 'State', `${b.state}${b.stateInferred ? ' (inferred from the frames: the format prints none)' : ''}`);
    fact(facts, 'Score', scoreTerms(b));
    if (b.healthy) fact(facts, 'Not stuck', b.healthy);
    if (b.leaked > 0) fact(facts, 'Leaked', `${number.format(b.leaked)} of ${number.format(b.count)}: the runtime proved what they wait on unreachable; they can never wake up`);
    if (b.maxMinutes > 0) fact(facts, 'Waiting', `${minuteRange(b)} minutes`);
    if (b.locked > 0) fact(facts, 'Locked to thread', number.format(b.locked));
    const site = frameOf(b.site);
    if (site) fact(facts, 'Blocking site', frameText(site), ownerChip(site));
    const creator = frameOf(b.createdBy);
    if (creator) fact(facts, 'Created by', frameText(creator), ownerChip(creator));
    const starters = startersOf.get(index);
    if (starters) fact(facts, 'Started by', starterLinks(starters));
    if (b.idCount > 0) fact(facts, 'Goroutine ids', idList(b.exampleIds, b.idCount));
    if (b.parentCount > 0) fact(facts, 'Parent goroutines', idList(b.parentIds, b.parentCount));
    if (b.labels.length > 0) {
      const labels = el('span');
      for (const [set, count] of b.labels) labels.append(el('span', 'label-set', `${set} ×${number.format(count)}`));
      fact(facts, 'Labels', labels);
    }
    const copyStack = copyButton('Copy stack', () => stackText(b));
    copyStack.classList.add('copy-stack');
    body.append(facts);
    if (b.source) body.append(sourceExcerpt(b.source));
    body.append(copyStack, stackList(b), stackLegend());
    return body;
  }

  // What the score is made of, term by term (docs/scoring.md); evidence from the rest of the process stands out.
  function scoreTerms(b) {
    const list = el('ul', 'terms');
    for (const [contribution, name, reason, evidence, isEvidence] of b.scoreTerms) {
      const item = el('li', isEvidence ? 'term evidence' : 'term');
      const why = el('span', 'term-reason', reason);
      if (evidence) why.append(el('span', 'term-evidence', evidence));
      append(item, el('span', 'term-value', contribution), el('code', 'term-name', name), why);
      list.append(item);
    }
    return list;
  }

  // The blocking line and the lines around it, as read from the source file; the blocking line marked.
  function sourceExcerpt(source) {
    const box = el('div', 'source');
    box.append(el('div', 'note', `${source.file}:${source.line}`));
    const pre = el('pre', 'excerpt');
    for (const [number, text] of source.excerpt) {
      pre.append(el('span', number === source.line ? 'line blocking' : 'line', `${String(number).padStart(5)}  ${text}\n`));
    }
    box.append(pre);
    return box;
  }

  function fact(dl, name, value, extra) {
    const dd = el('dd');
    dd.append(value);
    if (extra) dd.append(extra);
    dl.append(el('dt', '', name), dd);
  }

  // The pattern catalog quotes Go in `backticks`: show those parts as code.
  function withCode(text) {
    const span = el('span');
    text.split('`').forEach((part, i) => span.append(i % 2 ? el('code', '', part) : part));
    return span;
  }

  function ownerChip(frame) {
    const [text, tone] = OWNER_CHIP[frame[3]];
    return el('span', `chip ${tone}`, text);
  }

  function frameText(frame) {
    return append(el('span', 'frame-text'), el('code', '', frame[0]), sourceLink(frame), copyButton('Copy', () => fileLine(frame)));
  }

  // A frame's file:line as shown (relative to the module), the full path on hover, a link to the editor when
  // --editor-url gave a template.
  function sourceLink(frame) {
    const editable = data.editorUrl && frame[1].startsWith('/');
    const node = el(editable ? 'a' : 'span', 'loc', shownLine(frame));
    node.title = fileLine(frame);
    if (editable) node.href = data.editorUrl.replaceAll('{path}', encodeURI(frame[1])).replaceAll('{line}', String(frame[2]));
    return node;
  }

  function copyButton(label, text) {
    const button = el('button', 'copy', label);
    button.type = 'button';
    button.title = 'Copy to the clipboard';
    button.addEventListener('click', async (event) => {
      event.preventDefault();
      event.stopPropagation();
      try {
        await navigator.clipboard.writeText(text());
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Copy failed';
      }
      setTimeout(() => { button.textContent = label; }, 1500);
    });
    return button;
  }

  // The stack as Go prints it: function, then the file:line indented.
  function stackText(b) {
    return b.stack.map((f) => `${frames[f][0]}\n\t${fileLine(frames[f])}`).join('\n');
  }

  function idList(ids, total) {
    const text = ids.join(', ');
    return total > ids.length ? `${text} … (${number.format(total)} in all)` : text;
  }

  function stackList(b) {
    const ol = el('ol', 'stack');
    b.stack.forEach((f, i) => {
      const frame = frames[f];
      const li = el('li', `frame ${FRAME_KIND[frame[3]]}${i === b.siteInStack ? ' site' : ''}`);
      const fn = el('span', 'fn', frame[0]);
      if (i === b.siteInStack) fn.append(el('span', 'tag', 'blocked here'));
      if (frame[4]) fn.append(el('span', 'tag soft', 'inlined'));
      append(li, fn, sourceLink(frame));
      ol.append(li);
    });
    if (b.elidedFrames !== 0)
      ol.append(el('li', 'elided', b.elidedFrames > 0 ? `… ${plural(b.elidedFrames, 'frame')} elided by the runtime` : '… more frames elided by the runtime'));
    if (b.stack.length === 0) ol.append(el('li', 'elided', 'no frames recorded'));
    return ol;
  }

  function stackLegend() {
    return append(el('div', 'stack-legend'),
      el('span', 'user', 'your code'), el('span', 'third', 'third-party'), el('span', 'std', 'standard library'), el('span', 'runtime', 'runtime'),
      el('span', '', 'highlighted: the blocking site'));
  }

  // Opens a bucket wherever it is: clears filters that hide it and draws pages until it is on one.
  function reveal(id) {
    const index = buckets.findIndex((b) => b.id === id);
    if (index < 0) return;
    if (!matching.includes(index)) resetFilters();
    const position = matching.indexOf(index);
    if (position >= shown) showMore(position + 1);
    const row = $(`b-${id}`);
    row.open = true;
    history.replaceState(null, '', `#b-${id}`);
    row.scrollIntoView({ block: 'start' });
    row.classList.remove('flash');
    void row.offsetWidth; // restart the animation
    row.classList.add('flash');
  }

  function resetFilters() {
    filters.pattern.selectedIndex = 0;
    filters.state.selectedIndex = 0;
    filters.package.selectedIndex = 0;
    filters.suspects.checked = false;
    filters.search.value = '';
    applyFilters();
  }

  // ---- creation tree ----

  const treeChildren = data.tree.map(() => []);
  const treeRoots = [];
  const startersOf = new Map(); // bucket index -> [{ parent node, weight }]: who started its goroutines
  const firstNodeOf = new Map(); // bucket index -> its node that lists its children
  data.tree.forEach((node, i) => {
    (node.parent < 0 ? treeRoots : treeChildren[node.parent]).push(i);
    if (node.bucket === undefined) return;
    if (!node.repeat) firstNodeOf.set(node.bucket, i);
    const parent = node.parent < 0 ? null : data.tree[node.parent];
    if (!parent) return;
    if (!startersOf.has(node.bucket)) startersOf.set(node.bucket, []);
    startersOf.get(node.bucket).push({ parent, weight: node.weight });
  });

  function starterLinks(starters) {
    const span = el('span');
    starters.forEach(({ parent, weight }, i) => {
      if (i > 0) span.append(', ');
      span.append(`${number.format(weight)} by `);
      if (parent.bucket !== undefined) span.append(bucketLink(buckets[parent.bucket]));
      else span.append(el('code', '', parent.missingCreator), parent.candidateBuckets > 1 ? ' (creator not identified)' : ' (creator not in dump)');
    });
    return span;
  }

  function treeNode(index) {
    const node = data.tree[index];
    const li = el('li');
    const line = el('span', 'node');
    line.append(el('span', 'weight', `${number.format(node.weight)}×`));
    if (node.bucket !== undefined) {
      const b = buckets[node.bucket];
      const site = frameOf(b.site);
      append(line, scoreBadge(b), patternChip(b), bucketLink(b));
      // Where they wait, when that is not the function they run.
      if (site && site[0] !== goroutineFunction(b)) line.append(el('span', 'fn note', `at ${site[0]}`));
      if (node.inferred) {
        const chip = el('span', 'chip plain', 'by created-by function');
        chip.title = 'the dump prints no creator ids: matched by the function named in "created by"';
        line.append(chip);
      }
      if (node.repeat) {
        line.classList.add('repeat');
        if (treeChildren[firstNodeOf.get(node.bucket)].length > 0)
          line.append(el('span', 'chip plain', 'what it started is listed at its first appearance'));
      }
    } else {
      line.classList.add('missing');
      const why = node.candidateBuckets > 1
        ? `creator not identified (${node.candidateBuckets} buckets run it): `
        : 'creator not in dump: ';
      line.append(el('span', 'fn', why + node.missingCreator));
    }
    const kids = treeChildren[index];
    if (kids.length === 0 || node.repeat) {
      li.append(line);
      return li;
    }
    const details = el('details');
    const summary = el('summary');
    summary.append(line);
    details.append(summary);
    details.addEventListener('toggle', () => {
      if (details.open && details.childElementCount === 1) details.append(nodeList(kids));
    });
    li.append(details);
    return li;
  }

  function nodeList(indices, target) {
    const ul = target || el('ul');
    let drawn = 0;
    const more = el('button', 'show-more');
    more.type = 'button';
    const drawPage = () => {
      const end = Math.min(indices.length, drawn + PAGE);
      const fragment = document.createDocumentFragment();
      for (; drawn < end; drawn++) fragment.append(treeNode(indices[drawn]));
      more.remove();
      ul.append(fragment);
      if (drawn < indices.length) {
        more.textContent = `Show ${number.format(Math.min(PAGE, indices.length - drawn))} more (${number.format(indices.length - drawn)} not shown)`;
        ul.append(more);
      }
    };
    more.addEventListener('click', drawPage);
    drawPage();
    return ul;
  }

  function drawTree() {
    const tree = $('tree');
    if (buckets.length === 0) {
      tree.replaceWith(el('p', 'empty', 'No goroutines, no tree.'));
      return;
    }
    if (!data.treeHasCreators) {
      tree.before(el('p', 'note', 'This dump format records no creators (debug=1 and pprof profiles): every bucket is a root. A debug=2 dump shows who started whom.'));
    }
    nodeList(treeRoots, tree);
    // Open the first few roots so the program's structure shows at a glance.
    for (const details of [...tree.querySelectorAll(':scope > li > details')].slice(0, 10)) details.open = true;
  }

  // ---- wiring ----

  $('filters').addEventListener('submit', (event) => event.preventDefault());
  for (const control of [filters.pattern, filters.state, filters.package, filters.suspects])
    control.addEventListener('change', applyFilters);
  let searchTimer = 0;
  filters.search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(applyFilters, 120);
  });
  $('filter-reset').addEventListener('click', resetFilters);
  moreButton.addEventListener('click', () => showMore());
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#b-')) reveal(location.hash.slice(3));
  });

  applyFilters();
  drawTree();
  if (location.hash.startsWith('#b-')) reveal(location.hash.slice(3));
})();
