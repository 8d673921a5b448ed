/* Kring chat: one room, one WebSocket, speaking chat/PROTOCOL.md.
 *
 * The page arrives with the latest messages already rendered by the server and with
 * `data-cursor`, the room's counter when they were read. This script connects, asks
 * for everything after the cursor (`sync`), then applies messages as they come:
 * by `seq` (a message's place) and `change_seq` (its latest change), so applying one
 * twice changes nothing. A live message that skips a number means a frame was lost:
 * ask again. Unsent messages wait in a queue with their client_id and are sent again
 * after a reconnect; the server never stores one twice.
 *
 * Member text reaches the page only as text (textContent), except a message's `html`,
 * which is the output of the server's one sanitiser. No inline script (CSP): strings
 * and settings come from the page's data attributes.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-chat]");
  if (!root || !window.WebSocket || !window.JSON) return;

  var config = JSON.parse(root.getAttribute("data-config") || "{}");
  var t = config.t || {};
  var blocked = {};
  (config.blocked || []).forEach(function (id) { blocked[id] = true; });

  var log = root.querySelector("[data-log]");
  var logBox = root.querySelector("[data-log-box]");
  var pendingList = root.querySelector("[data-pending]");
  var statusBox = root.querySelector("[data-status]");
  var alertBox = root.querySelector("[data-alert]");
  var typingBox = root.querySelector("[data-typing]");
  var onlineBox = root.querySelector("[data-online]");
  var slowBox = root.querySelector("[data-slow-mode]");
  var earlierBox = root.querySelector("[data-earlier-box]");
  var form = root.querySelector("[data-composer]");
  var fields = root.querySelector("[data-composer-fields]");
  var textarea = root.querySelector("[data-body]");
  var readonlyBox = root.querySelector("[data-readonly]");
  var warningBox = root.querySelector("[data-warning]");
  var replyingBox = root.querySelector("[data-replying]");
  var toolsForm = document.querySelector("[data-tools-form]");

  var cursor = parseInt(root.getAttribute("data-cursor"), 10) || 0;
  var wsUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
    root.getAttribute("data-ws-url");

  var socket = null;
  var attempt = 0;
  var reconnectTimer = null;
  var heartbeatTimer = null;
  var heartbeatDeadline = null;
  var stopped = false; // closed for good (4001, 4003, 4008)
  var isReady = false;
  var syncing = false;
  var syncAgain = false;
  var historyPending = false;
  var hasEarlier = !!root.querySelector("[data-load-earlier]");
  var queue = []; // [{client_id, body, reply_to, post_anyway, element}]
  var inFlight = null;
  var resendTimer = null;
  var replyTo = null;
  var editing = null; // seq being edited
  var lastTyping = 0;
  var typingTimer = null;
  var readTimer = null;
  var lastReadSent = 0;
  var sources = {}; // seq -> the Markdown this browser sent, to edit it as written

  var HEARTBEAT_MS = 25000;
  var HEARTBEAT_GRACE_MS = 10000;
  var BACKOFF_BASE_MS = 500;
  var BACKOFF_CAP_MS = 30000;
  var TYPING_EVERY_MS = 3000;
  var TYPING_SHOWN_MS = 4000;

  function format(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (all, key) {
      return values && key in values ? String(values[key]) : all;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* connecting | live | reconnecting | closed: for styles, and for tests to wait on. */
  function setState(state) {
    root.setAttribute("data-state", state);
  }

  function setStatus(text) {
    if (statusBox.textContent !== text) statusBox.textContent = text || "";
  }

  function showAlert(text) {
    alertBox.textContent = "";
    if (text) alertBox.appendChild(el("p", null, text));
  }

  // --- Messages --------------------------------------------------------------------------

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function memberName(author) {
    if (!author || !author.id) return el("span", "member member--former", t.former);
    return el("span", "member", "@" + author.name);
  }

  function timeElement(iso) {
    var node = el("time");
    if (!iso) return node;
    var when = new Date(iso);
    node.setAttribute("datetime", iso);
    var lang = document.documentElement.lang || undefined;
    try {
      node.textContent = when.toLocaleString(lang, {
        day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit"
      });
    } catch (error) {
      node.textContent = when.toISOString();
    }
    return node;
  }

  function reportUrl(seq) {
    return String(config.reportUrl || "").replace(/\/0\/$/, "/" + seq + "/");
  }

  /* The markup of chat/jinja2/chat/_messages.html, built from a message object. */
  function messageElement(message) {
    var item = el("li", "chat-msg");
    item.id = "m" + message.seq;
    item.setAttribute("data-seq", message.seq);
    item.setAttribute("data-change-seq", message.change_seq);
    if (message.deleted) {
      item.className += " chat-msg--deleted";
      item.setAttribute("data-deleted", "");
      item.appendChild(el("p", "chat-msg__placeholder", t.deleted));
      return item;
    }
    if (sources[message.seq]) item.setAttribute("data-source", sources[message.seq]);
    var author = message.author || null;
    var authorId = author && author.id ? author.id : "";
    item.setAttribute("data-author", authorId);
    item.setAttribute("data-created", message.created_at || "");
    var box = item;
    if (authorId && blocked[authorId]) {
      box = el("details", "chat-msg__blocked");
      box.setAttribute("data-blocked", "");
      box.appendChild(el("summary", null, t.blocked));
      item.appendChild(box);
    }
    var head = el("p", "chat-msg__head");
    head.appendChild(memberName(author));
    if (author && author.badge === "support") {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "chat-badge", "✓ " + t.badge_support));
    } else if (author && author.badge === "moderator") {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "chat-badge", t.badge_moderator));
    }
    head.appendChild(document.createTextNode(" "));
    var number = el("a", "chat-msg__num", "#" + message.seq);
    number.href = "#m" + message.seq;
    head.appendChild(number);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(timeElement(message.created_at));
    if (message.edited_at) {
      head.appendChild(document.createTextNode(" "));
      var edited = el("span", "chat-msg__edited", t.edited);
      edited.setAttribute("data-edited", "");
      head.appendChild(edited);
    }
    box.appendChild(head);
    if (message.reply_to) {
      var reply = el("p", "chat-msg__reply");
      reply.setAttribute("data-reply-to", message.reply_to.seq || "");
      var link = el("a", null, t.replying_to);
      link.href = "#m" + message.reply_to.seq;
      reply.appendChild(link);
      reply.appendChild(document.createTextNode(" "));
      if (message.reply_to.deleted) {
        reply.appendChild(el("span", null, t.reply_deleted));
      } else {
        reply.appendChild(el("span", "member", "@" + (message.reply_to.name || "")));
        reply.appendChild(document.createTextNode(": "));
        var excerpt = el("span", null, message.reply_to.excerpt || "");
        excerpt.setAttribute("data-excerpt", "");
        reply.appendChild(excerpt);
      }
      box.appendChild(reply);
    }
    if (message.moderation_state === "held") {
      var held = el("p", "chat-msg__notice", t.held);
      held.setAttribute("data-held", "");
      box.appendChild(held);
    } else if (message.moderation_state === "hidden") {
      var hidden = el("p", "chat-msg__notice",
        t.hidden_own + (message.moderation_reason ? " " + message.moderation_reason : ""));
      hidden.setAttribute("data-hidden-notice", "");
      box.appendChild(hidden);
    }
    var body = el("div", "chat-msg__body");
    body.setAttribute("data-chat-body", "");
    // The server's sanitised HTML (community.text.render_markdown), never member text.
    body.innerHTML = message.html || "";
    box.appendChild(body);
    if (String(authorId) !== String(config.viewer)) {
      var actions = el("p", "chat-msg__actions");
      var report = el("a", null, t.report);
      report.href = reportUrl(message.seq);
      report.setAttribute("data-report", "");
      actions.appendChild(report);
      box.appendChild(actions);
    }
    decorate(item);
    return item;
  }

  function seqOf(node) {
    return parseInt(node.getAttribute("data-seq"), 10);
  }

  function lowestSeq() {
    var first = log.querySelector("[data-seq]");
    return first ? seqOf(first) : null;
  }

  function nearBottom() {
    return logBox.scrollHeight - logBox.scrollTop - logBox.clientHeight < 80;
  }

  /* Insert or replace one message. Older messages than those shown, while earlier
   * ones exist, are left to "load earlier", which brings them as they are now. */
  function upsert(message) {
    var existing = document.getElementById("m" + message.seq);
    if (existing && existing.parentNode === log) {
      var shown = parseInt(existing.getAttribute("data-change-seq"), 10) || 0;
      if (message.change_seq < shown) return;
      var keepFocus = existing.contains(document.activeElement);
      log.replaceChild(messageElement(message), existing);
      if (keepFocus) logBox.focus();
      return;
    }
    var lowest = lowestSeq();
    if (lowest !== null && message.seq < lowest && hasEarlier) return;
    var stick = nearBottom();
    var node = messageElement(message);
    var after = null;
    var items = log.querySelectorAll("[data-seq]");
    for (var i = items.length - 1; i >= 0; i--) {
      if (seqOf(items[i]) < message.seq) { after = items[i]; break; }
    }
    if (after) {
      log.insertBefore(node, after.nextSibling);
    } else {
      log.insertBefore(node, log.firstChild);
    }
    if (stick && node === log.lastElementChild) logBox.scrollTop = logBox.scrollHeight;
    scheduleRead();
  }

  /* Applies a live message, an ack or a sync item; returns false on a gap. */
  function applyLive(message) {
    upsert(message);
    if (message.change_seq === cursor + 1) {
      cursor = message.change_seq;
      return true;
    }
    return message.change_seq <= cursor;
  }

  // --- Actions on messages (reply, edit, delete, moderate) -------------------------------

  function withinEditWindow(item) {
    var created = Date.parse(item.getAttribute("data-created") || "");
    return created && Date.now() - created < (config.editWindow || 900) * 1000;
  }

  function actionButton(label, action) {
    var button = el("button", "chat-action", label);
    button.type = "button";
    button.setAttribute("data-action", action);
    return button;
  }

  function decorate(item) {
    if (item.hasAttribute("data-deleted")) return;
    var box = item.querySelector("details") || item;
    var actions = box.querySelector(".chat-msg__actions");
    if (!actions) {
      actions = el("p", "chat-msg__actions");
      box.appendChild(actions);
    }
    if (actions.querySelector("[data-action]")) return;
    var own = String(item.getAttribute("data-author")) === String(config.viewer);
    var first = actions.firstChild;
    var add = function (button) { actions.insertBefore(button, first); };
    if (fields && !fields.disabled) add(actionButton(t.reply, "reply"));
    if (own && withinEditWindow(item)) {
      add(actionButton(t.edit, "edit"));
      add(actionButton(t["delete"], "delete"));
    } else if (config.canModerate) {
      add(actionButton(t["delete"], "delete"));
    }
    if (config.canModerate && toolsForm) add(actionButton(t.moderate, "moderate"));
  }

  function refreshActions() {
    log.querySelectorAll("[data-seq]").forEach(function (item) {
      item.querySelectorAll("[data-action]").forEach(function (b) { b.remove(); });
      decorate(item);
    });
  }

  function excerptOf(item) {
    var body = item.querySelector("[data-chat-body]");
    var text = body ? body.textContent.replace(/\s+/g, " ").trim() : "";
    return text.length > 80 ? text.slice(0, 79) + "…" : text;
  }

  function startReply(item) {
    replyTo = seqOf(item);
    replyingBox.textContent = "";
    var name = item.querySelector(".member");
    replyingBox.appendChild(el("span", null, t.replying_to + " "));
    replyingBox.appendChild(el("span", "member", name ? name.textContent : ""));
    replyingBox.appendChild(el("span", null, ": " + excerptOf(item) + " "));
    var cancel = actionButton(t.cancel, "cancel-reply");
    replyingBox.appendChild(cancel);
    replyingBox.hidden = false;
    textarea.focus();
  }

  function stopReply() {
    replyTo = null;
    editing = null;
    replyingBox.textContent = "";
    replyingBox.hidden = true;
  }

  function startEdit(item) {
    stopReply();
    editing = seqOf(item);
    var body = item.querySelector("[data-chat-body]");
    replyingBox.appendChild(el("span", null, t.editing + " (#" + editing + ") "));
    replyingBox.appendChild(actionButton(t.cancel, "cancel-reply"));
    replyingBox.hidden = false;
    textarea.value = item.getAttribute("data-source") || (body ? body.innerText.trim() : "");
    textarea.focus();
  }

  function confirmDelete(item, button) {
    var actions = button.parentNode;
    var question = el("span", "chat-confirm", t.confirm_delete + " ");
    var yes = actionButton(t["delete"], "delete-yes");
    var no = actionButton(t.cancel, "delete-no");
    question.appendChild(yes);
    question.appendChild(document.createTextNode(" "));
    question.appendChild(no);
    actions.appendChild(question);
    yes.focus();
  }

  function moderate(item) {
    var details = toolsForm.closest("details");
    if (details) details.open = true;
    var member = toolsForm.querySelector("[name=member]");
    var seq = toolsForm.querySelector("[name=seq]");
    var name = item.querySelector(".member");
    if (member && name) member.value = name.textContent.replace(/^@/, "");
    if (seq) seq.value = seqOf(item);
    var action = toolsForm.querySelector("[name=action]");
    if (action) action.focus();
  }

  log.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-action]") : null;
    if (!button) return;
    var item = button.closest("[data-seq]");
    var action = button.getAttribute("data-action");
    if (action === "reply") startReply(item);
    else if (action === "edit") startEdit(item);
    else if (action === "delete") confirmDelete(item, button);
    else if (action === "delete-yes") {
      send({ type: "delete", seq: seqOf(item) });
      button.parentNode.remove();
    } else if (action === "delete-no") {
      var question = button.parentNode;
      var actions = question.parentNode;
      question.remove();
      var again = actions.querySelector("[data-action=delete]");
      if (again) again.focus();
    } else if (action === "moderate") moderate(item);
  });

  if (replyingBox) {
    replyingBox.addEventListener("click", function (event) {
      if (event.target.getAttribute("data-action") === "cancel-reply") {
        if (editing) textarea.value = "";
        stopReply();
        textarea.focus();
      }
    });
  }

  // --- Sending ---------------------------------------------------------------------------

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN && isReady) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function pendingElement(entry) {
    var item = el("li", "chat-msg chat-msg--pending");
    item.setAttribute("data-client-id", entry.client_id);
    item.appendChild(el("p", "chat-msg__head", t.sending));
    // Not yet through the sanitiser: shown as text only.
    item.appendChild(el("p", "chat-msg__body chat-msg__body--plain", entry.body));
    return item;
  }

  function showPending() {
    pendingList.hidden = !pendingList.firstChild;
  }

  function enqueue(body, postAnyway, clientId) {
    var entry = {
      client_id: clientId || newClientId(),
      body: body,
      reply_to: replyTo,
      post_anyway: !!postAnyway
    };
    entry.element = pendingElement(entry);
    pendingList.appendChild(entry.element);
    showPending();
    queue.push(entry);
    stopReply();
    pump();
  }

  /* One send at a time, in order: a refusal (slow mode, rate limit) holds the rest. */
  function pump() {
    if (inFlight || !queue.length || resendTimer) return;
    var entry = queue[0];
    if (send({
      type: "send", client_id: entry.client_id, body: entry.body,
      reply_to: entry.reply_to, post_anyway: entry.post_anyway
    })) {
      inFlight = entry.client_id;
    }
  }

  function dropEntry(clientId) {
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].client_id === clientId) {
        var entry = queue.splice(i, 1)[0];
        if (entry.element) entry.element.remove();
        showPending();
        if (inFlight === clientId) inFlight = null;
        return entry;
      }
    }
    return null;
  }

  function onAck(frame) {
    var entry = dropEntry(frame.client_id);
    if (frame.message) {
      if (entry) rememberSource(frame.message.seq, entry.body);
      if (!applyLive(frame.message)) requestSync();
    }
    showAlert("");
    pump();
  }

  function rememberSource(seq, body) {
    sources[seq] = body;
    var item = document.getElementById("m" + seq);
    if (item) item.setAttribute("data-source", body);
  }

  function submitComposer(postAnyway) {
    var body = textarea.value;
    if (!body.trim()) return;
    if (editing) {
      if (send({ type: "edit", seq: editing, body: body })) {
        rememberSource(editing, body);
        textarea.value = "";
        stopReply();
      } else {
        setStatus(t.offline);
      }
      return;
    }
    textarea.value = "";
    warningBox.hidden = true;
    enqueue(body, postAnyway);
  }

  function showWarning(entry, findings) {
    warningBox.textContent = "";
    var intro = el("p");
    intro.appendChild(el("strong", null, t.pii_intro));
    warningBox.appendChild(intro);
    var list = el("ul");
    (findings || []).forEach(function (finding) { list.appendChild(el("li", null, finding)); });
    warningBox.appendChild(list);
    warningBox.appendChild(el("p", null, t.pii_advice));
    var buttons = el("p", "chat-composer__buttons");
    var anyway = el("button", "button--warn", t.send_anyway);
    anyway.type = "button";
    anyway.setAttribute("data-send-anyway", "");
    var change = el("button", "button--quiet", t.edit_message);
    change.type = "button";
    buttons.appendChild(anyway);
    buttons.appendChild(change);
    warningBox.appendChild(buttons);
    warningBox.hidden = false;
    anyway.addEventListener("click", function () {
      warningBox.hidden = true;
      replyTo = entry.reply_to;
      enqueue(entry.body, true, entry.client_id);
    });
    change.addEventListener("click", function () {
      warningBox.hidden = true;
      textarea.value = entry.body;
      textarea.focus();
    });
    anyway.focus();
  }

  function onError(frame) {
    var text = frame.message || "";
    var entry = null;
    // A refused send whose frame the server could not read names no client_id.
    if (!frame.client_id && frame["for"] === "send" && inFlight) frame.client_id = inFlight;
    if (frame.client_id && frame.client_id === inFlight) {
      if (frame.code === "rate_limited" || frame.code === "slow_mode") {
        inFlight = null;
        var wait = Math.max(1, Math.ceil(frame.retry_after || 1));
        showAlert(text + " " + format(t.retry_in, { seconds: wait }));
        resendTimer = setTimeout(function () { resendTimer = null; pump(); }, wait * 1000);
        return;
      }
      entry = dropEntry(frame.client_id);
      if (entry && frame.code === "personal_information") {
        showAlert("");
        showWarning(entry, frame.findings);
        pump();
        return;
      }
      if (entry && !textarea.value) textarea.value = entry.body;
    }
    showAlert((entry ? t.not_sent + " " : "") + text);
    pump();
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var anyway = event.submitter && event.submitter.value === "1";
      submitComposer(anyway);
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submitComposer(false);
      } else if (event.key === "Escape" && (replyTo || editing)) {
        if (editing) textarea.value = "";
        stopReply();
      }
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping > TYPING_EVERY_MS && textarea.value.trim()) {
        lastTyping = now;
        send({ type: "typing" });
      }
    });
  }

  // --- Room state ------------------------------------------------------------------------

  function applyRoom(room) {
    if (!room) return;
    var canPost = !!room.can_post;
    if (fields) fields.disabled = !canPost;
    if (readonlyBox) {
      readonlyBox.textContent = canPost ? "" : (room.read_only_reason || "");
      readonlyBox.hidden = canPost;
    }
    if (slowBox) {
      slowBox.textContent = room.slow_mode_seconds
        ? format(t.slow_mode, { seconds: room.slow_mode_seconds }) : "";
    }
    refreshActions();
  }

  function showOnline(count) {
    if (!onlineBox || typeof count !== "number") return;
    onlineBox.textContent = format(count === 1 ? t.online_one : t.online_other, { count: count });
  }

  function showTyping(name) {
    typingBox.textContent = format(t.typing, { name: "@" + name });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingBox.textContent = ""; }, TYPING_SHOWN_MS);
  }

  function scheduleRead() {
    if (readTimer || document.hidden) return;
    readTimer = setTimeout(function () {
      readTimer = null;
      var items = log.querySelectorAll("[data-seq]");
      var last = items.length ? seqOf(items[items.length - 1]) : 0;
      if (last > lastReadSent && send({ type: "read", seq: last })) lastReadSent = last;
    }, 1000);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) scheduleRead();
  });

  // --- Catch-up and history --------------------------------------------------------------

  function requestSync() {
    if (syncing) {
      syncAgain = true;
      return;
    }
    if (send({ type: "sync", after: cursor })) syncing = true;
  }

  function onMessages(frame) {
    (frame.items || []).forEach(function (message) { upsert(message); });
    if (typeof frame.upto === "number" && frame.upto > cursor) cursor = frame.upto;
    syncing = false;
    if (frame.more || syncAgain) {
      syncAgain = false;
      requestSync();
    }
  }

  function onHistory(frame) {
    historyPending = false;
    var items = frame.items || [];
    var first = log.firstChild;
    var height = logBox.scrollHeight;
    items.forEach(function (message) {
      if (!document.getElementById("m" + message.seq)) {
        log.insertBefore(messageElement(message), first);
      }
    });
    logBox.scrollTop += logBox.scrollHeight - height;
    hasEarlier = !!frame.more;
    renderEarlier();
  }

  function renderEarlier() {
    earlierBox.textContent = "";
    if (hasEarlier) {
      var button = el("button", "button--quiet", t.load_earlier);
      button.type = "button";
      button.setAttribute("data-load-earlier", "");
      earlierBox.appendChild(button);
    } else if (log.querySelector("[data-seq]")) {
      earlierBox.appendChild(el("span", "chat-earlier__start", t.no_earlier));
    }
  }

  earlierBox.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-load-earlier]") : null;
    if (!target || !isReady) return; // not connected: the link loads the earlier page
    event.preventDefault();
    if (historyPending) return;
    var before = lowestSeq();
    if (before && send({ type: "history", before: before })) historyPending = true;
  });

  // --- The socket ------------------------------------------------------------------------

  function onFrame(event) {
    var frame;
    try {
      frame = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    heartbeatDeadline = null;
    switch (frame.type) {
      case "ready":
        isReady = true;
        setState("live");
        setStatus(attempt ? t.connected : "");
        attempt = 0;
        applyRoom(frame.room);
        showOnline(frame.online);
        syncing = false;
        requestSync();
        inFlight = null;
        pump();
        break;
      case "messages":
        onMessages(frame);
        break;
      case "message":
        if (frame.message && !applyLive(frame.message)) requestSync();
        break;
      case "ack":
        onAck(frame);
        break;
      case "history":
        onHistory(frame);
        break;
      case "typing":
        if (frame.name) showTyping(frame.name);
        break;
      case "presence":
        showOnline(frame.online);
        break;
      case "room":
        applyRoom(frame.room);
        break;
      case "error":
        onError(frame);
        break;
      default:
        break;
    }
  }

  function heartbeat() {
    clearInterval(heartbeatTimer);
    heartbeatTimer = setInterval(function () {
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      if (heartbeatDeadline && Date.now() > heartbeatDeadline) {
        socket.close(); // silent connection: start over
        return;
      }
      socket.send(JSON.stringify({ type: "ping" }));
      if (!heartbeatDeadline) heartbeatDeadline = Date.now() + HEARTBEAT_GRACE_MS;
    }, HEARTBEAT_MS);
  }

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (stopped) return;
    if (socket && socket.readyState <= WebSocket.OPEN) return;
    setStatus(attempt ? t.reconnecting : t.connecting);
    setState(attempt ? "reconnecting" : "connecting");
    isReady = false;
    try {
      socket = new WebSocket(wsUrl);
    } catch (error) {
      scheduleReconnect(null);
      return;
    }
    socket.addEventListener("message", onFrame);
    socket.addEventListener("close", function (event) {
      isReady = false;
      inFlight = null;
      syncing = false;
      historyPending = false;
      clearInterval(heartbeatTimer);
      scheduleReconnect(event.code);
    });
    heartbeat();
  }

  function scheduleReconnect(code) {
    if (stopped) return;
    var reason = t["closed_" + code];
    if (reason) {
      stopped = true;
      setState("closed");
      root.setAttribute("data-closed", code);
      setStatus(reason);
      showAlert(reason);
      if (fields) fields.disabled = true;
      refreshActions();
      return;
    }
    // Exponential backoff with full jitter, capped: many clients coming back after a
    // server restart spread out instead of arriving together.
    attempt += 1;
    var ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * Math.pow(2, attempt));
    var delay = Math.random() * ceiling;
    if (code === 4029) delay = BACKOFF_CAP_MS / 2 + Math.random() * BACKOFF_CAP_MS / 2;
    setState("reconnecting");
    setStatus(navigator.onLine === false ? t.offline : t.reconnecting);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delay);
  }

  window.addEventListener("online", function () {
    if (!stopped && (!socket || socket.readyState > WebSocket.OPEN)) connect();
  });
  window.addEventListener("offline", function () {
    if (!stopped) setStatus(t.offline);
  });
  // Edit and delete buttons go when the fifteen minutes are over.
  setInterval(function () {
    log.querySelectorAll("[data-action=edit]").forEach(function (button) {
      var item = button.closest("[data-seq]");
      if (withinEditWindow(item)) return;
      button.remove();
      var remove = item.querySelector("[data-action=delete]");
      if (remove && !config.canModerate) remove.remove();
    });
  }, 30000);

  log.querySelectorAll("[data-seq]").forEach(decorate);
  if (!log.querySelector("[data-seq]")) hasEarlier = false;
  logBox.scrollTop = logBox.scrollHeight;
  connect();
})();
