/*
 * The upload page's script (served as /static/upload.js; the CSP allows no inline script).
 * Without it the page is a plain form posting one file to POST /uploads.
 *
 * With it: drop one or many files on the drop zone (or pick several); each is sent to
 * POST /api/uploads?hold=replace, its stages arrive over server-sent events from
 * GET /api/upload-events?ids=… (queued → parsing → loading → done), then its result and every
 * issue are shown. A file that would replace counted data shows what changes and waits for a
 * confirm (POST /api/uploads/pending/:id/confirm) or cancel.
 *
 * Stable hooks for end-to-end tests (data-testid):
 *   drop-zone        the drop target (also holds file-input, the plain <input type=file>)
 *   upload-submit    the form's submit button
 *   file-list        the list of files sent from this page
 *   upload-item      one file; attributes data-file-name, data-submission-id, data-stage
 *                    (queued | parsing | loading | done | pending-confirmation | error)
 *   upload-progress  the file's <progress> (value 0–3: queued 0, parsing 1, loading 2, done 3)
 *   upload-stage     the file's stage label (Thai, English in brackets)
 *   upload-result    the result block once done; attribute data-status (accepted | partial | rejected | unchanged)
 *   report-link      link to the file's report page
 *   annotated-link   link to the annotated workbook (.xlsx), shown when the file has issues and
 *                    its workbook is built (annotated-pending says it is being prepared until then)
 *   issue-list       the table of every issue (one <tr data-code=…> per issue)
 *   replace-diff     the changes a replacing file makes; holds diff-added / diff-removed / diff-changed
 *                    lists (one <li data-national-id=…> per pupil) and their counts
 *   replace-confirm  confirm the replacement      replace-cancel   cancel it
 *   upload-error     a message when sending failed
 */
(function () {
  'use strict';
  var STAGES = ['queued', 'parsing', 'loading', 'done'];
  var STAGE_TH = {
    queued: 'รอคิว (queued)',
    parsing: 'กำลังอ่านและตรวจไฟล์ (parsing)',
    loading: 'กำลังบันทึกข้อมูล (loading)',
    done: 'เสร็จแล้ว (done)',
    'pending-confirmation': 'รอยืนยันการแทนที่ (waiting for your confirm)',
    error: 'ส่งไม่สำเร็จ (failed)',
  };
  var STATUS_TH = {
    accepted: 'รับข้อมูลแล้ว (accepted)',
    partial: 'รับบางส่วน (partial)',
    rejected: 'ไม่รับไฟล์ (rejected)',
    unchanged: 'ไฟล์เดิม ไม่มีการเปลี่ยนแปลง (unchanged)',
  };
  var form = document.getElementById('upload-form');
  var zone = document.getElementById('drop-zone');
  var input = document.getElementById('file-input');
  var list = document.getElementById('file-list');
  if (!form || !zone || !input || !list || !window.fetch || !window.EventSource) return;
  var csrf = form.getAttribute('data-csrf') || '';
  var items = {}; // submissionId -> item
  var watching = {}; // submissionId -> true
  var source = null;
  var reopenTimer = null;
  input.multiple = true;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStage(item, stage) {
    var index = STAGES.indexOf(stage);
    var current = STAGES.indexOf(item.li.getAttribute('data-stage'));
    if (index >= 0 && index < current) return;
    item.li.setAttribute('data-stage', stage);
    item.stage.textContent = STAGE_TH[stage] || stage;
    if (index >= 0) item.bar.value = index;
  }

  function newItem(file) {
    var li = el('li', { class: 'file', 'data-testid': 'upload-item', 'data-file-name': file.name });
    li.appendChild(el('strong', {}, file.name));
    var bar = el('progress', { max: '3', value: '0', 'data-testid': 'upload-progress' });
    var stage = el('span', { 'data-testid': 'upload-stage' });
    var body = el('div', {});
    li.appendChild(bar);
    li.appendChild(stage);
    li.appendChild(body);
    list.appendChild(li);
    var item = { li: li, bar: bar, stage: stage, body: body, file: file };
    setStage(item, 'queued');
    return item;
  }

  function fail(item, message) {
    item.li.setAttribute('data-stage', 'error');
    item.stage.textContent = STAGE_TH.error;
    item.body.appendChild(el('p', { class: 'error', 'data-testid': 'upload-error' }, message));
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
    }).then(function (res) {
      if (res.status === 204) return { status: 204, body: {} };
      return res.json().then(function (json) {
        return { status: res.status, body: json };
      });
    });
  }

  function send(file) {
    var item = newItem(file);
    var data = new FormData();
    data.append('round', form.elements.round ? form.elements.round.value : '');
    data.append('institution', form.elements.institution ? form.elements.institution.value : '');
    data.append('file', file, file.name);
    post('/api/uploads?hold=replace', data)
      .then(function (res) {
        answered(item, res);
      })
      .catch(function () {
        fail(item, 'ส่งไฟล์ไม่สำเร็จ กรุณาลองอีกครั้ง (network error)');
      });
  }

  function answered(item, res) {
    if (res.status === 202) return watch(item, res.body.submissionId);
    if (res.status === 200 && res.body.status === 'pending-confirmation') return askToReplace(item, res.body);
    fail(item, (res.body && res.body.error) || 'ส่งไฟล์ไม่สำเร็จ (' + res.status + ')');
  }

  function people(testid, title, rows, describe) {
    var box = el('div', { 'data-testid': testid });
    box.appendChild(el('h3', {}, title + ': ' + rows.length));
    var ul = el('ul', {});
    rows.forEach(function (row) {
      ul.appendChild(el('li', { 'data-national-id': row.nationalId }, describe(row)));
    });
    box.appendChild(ul);
    return box;
  }

  function name(p) {
    return [p.nationalId, (p.prefix || '') + ' ' + p.firstName + ' ' + p.lastName, p.birthDate, p.level].join(
      ' · ',
    );
  }

  function askToReplace(item, held) {
    item.li.setAttribute('data-stage', 'pending-confirmation');
    item.stage.textContent = STAGE_TH['pending-confirmation'];
    var box = el('div', { 'data-testid': 'replace-diff' });
    box.appendChild(
      el(
        'p',
        {},
        'ไฟล์นี้จะแทนที่ข้อมูลที่นับแล้วของ ' +
          held.subjectCode +
          ' รอบ ' +
          held.roundId +
          ' (ไฟล์เดิม ' +
          held.replaces.fileName +
          ') — ข้อมูลเดิมยังไม่เปลี่ยนจนกว่าจะยืนยัน',
      ),
    );
    box.appendChild(people('diff-added', 'เพิ่มใหม่ (added)', held.diff.added, name));
    box.appendChild(people('diff-removed', 'ถูกนำออก (removed)', held.diff.removed, name));
    box.appendChild(
      people('diff-changed', 'เปลี่ยนแปลง (changed)', held.diff.changed, function (c) {
        return name(c.before) + ' → ' + name(c.after);
      }),
    );
    var ok = el('button', { type: 'button', 'data-testid': 'replace-confirm' }, 'ยืนยันแทนที่ข้อมูล (confirm)');
    var no = el('button', { type: 'button', 'data-testid': 'replace-cancel' }, 'ยกเลิก (cancel)');
    ok.addEventListener('click', function () {
      ok.disabled = no.disabled = true;
      post(held.confirm)
        .then(function (res) {
          box.remove();
          setStage(item, 'queued');
          answered(item, res);
        })
        .catch(function () {
          fail(item, 'ยืนยันไม่สำเร็จ (network error)');
        });
    });
    no.addEventListener('click', function () {
      ok.disabled = no.disabled = true;
      post(held.cancel).then(function () {
        box.remove();
        item.stage.textContent = 'ยกเลิกแล้ว (cancelled)';
        item.li.setAttribute('data-stage', 'cancelled');
      });
    });
    box.appendChild(ok);
    box.appendChild(no);
    item.body.appendChild(box);
  }

  function watch(item, submissionId) {
    item.li.setAttribute('data-submission-id', String(submissionId));
    items[submissionId] = item;
    watching[submissionId] = true;
    reopenSoon();
  }

  function reopenSoon() {
    if (reopenTimer) clearTimeout(reopenTimer);
    reopenTimer = setTimeout(reopen, 100);
  }

  // One stream for every file in flight (at most 20 ids): browsers allow few connections per site.
  function reopen() {
    if (source) source.close();
    source = null;
    var ids = Object.keys(watching).slice(0, 20);
    if (ids.length === 0) return;
    source = new EventSource('/api/upload-events?ids=' + ids.join(','));
    source.addEventListener('stage', function (event) {
      var data = JSON.parse(event.data);
      var item = items[data.submissionId];
      if (!item) return;
      setStage(item, data.stage);
      if (data.stage === 'done') {
        delete watching[data.submissionId];
        showResult(item, data.submissionId, data.result);
      }
    });
    source.addEventListener('end', reopenSoon);
    source.addEventListener('error', function () {
      if (source && source.readyState === EventSource.CLOSED) setTimeout(reopen, 2000);
    });
  }

  function showResult(item, id, result) {
    var box = el('div', { 'data-testid': 'upload-result', 'data-status': result.status });
    box.appendChild(
      el(
        'p',
        {},
        (STATUS_TH[result.status] || result.status) +
          ' · แถว ' +
          result.rows.total +
          ' · รับ ' +
          result.rows.accepted +
          ' · ข้อผิดพลาด ' +
          result.errors +
          ' · คำเตือน ' +
          result.warnings,
      ),
    );
    box.appendChild(el('a', { href: result.page, 'data-testid': 'report-link' }, 'ดูผลการตรวจสอบ (report)'));
    item.body.appendChild(box);
    if (result.errors + result.warnings === 0) return;
    box.appendChild(document.createTextNode(' · '));
    box.appendChild(annotatedLink(result.annotated));
    fetch(result.report, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        return res.json();
      })
      .then(function (report) {
        box.appendChild(issueTable(report.issues || []));
      });
  }

  /**
   * The annotated workbook is built by a worker when it is first asked for, which this probe does
   * as soon as the file is done: until it is there (the server answers 202), a note says it is
   * being prepared; then the link takes its place, so a click always downloads and never leaves
   * this page.
   */
  function annotatedLink(href) {
    var link = el(
      'a',
      { href: href, 'data-testid': 'annotated-link' },
      'ดาวน์โหลดไฟล์ที่ทำเครื่องหมาย (annotated workbook)',
    );
    var pending = el(
      'span',
      { 'data-testid': 'annotated-pending' },
      'กำลังเตรียมไฟล์ที่ทำเครื่องหมาย… (preparing the annotated workbook)',
    );
    var tries = 0;
    function probe() {
      fetch(href, { method: 'HEAD', credentials: 'same-origin' }).then(
        function (res) {
          if (res.status === 202 && ++tries < 120) return void setTimeout(probe, 1000);
          pending.replaceWith(link);
        },
        function () {
          pending.replaceWith(link);
        },
      );
    }
    probe();
    return pending;
  }

  function issueTable(issues) {
    var table = el('table', { 'data-testid': 'issue-list' });
    var head = el('tr', {});
    ['ระดับ', 'แผ่นงาน', 'เซลล์', 'คอลัมน์', 'ค่า', 'ข้อความ', 'รหัส'].forEach(function (h) {
      head.appendChild(el('th', {}, h));
    });
    table.appendChild(head);
    issues.forEach(function (i) {
      var tr = el('tr', { class: i.severity, 'data-code': i.code });
      [
        i.severity === 'error' ? 'ข้อผิดพลาด' : 'คำเตือน',
        i.sheet,
        i.cell,
        i.column,
        i.value,
        i.message,
        i.code,
      ].forEach(function (v) {
        tr.appendChild(el('td', {}, v === undefined || v === null ? '' : v));
      });
      table.appendChild(tr);
    });
    var wrap = el('div', { class: 'issues' });
    wrap.appendChild(table);
    return wrap;
  }

  function sendAll(files) {
    for (var i = 0; i < files.length; i++) send(files[i]);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (input.files && input.files.length) sendAll(input.files);
    form.reset();
  });
  zone.addEventListener('dragover', function (event) {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', function () {
    zone.classList.remove('over');
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    zone.classList.remove('over');
    if (event.dataTransfer && event.dataTransfer.files) sendAll(event.dataTransfer.files);
  });
})();
