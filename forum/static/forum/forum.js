/* Forum: drafts kept in this browser, quoting and replying without leaving the page.
 * No inline scripts (CSP); everything degrades to plain links and forms without JS. */
(function () {
  "use strict";

  function store() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // private mode or storage blocked: no drafts, nothing breaks
    }
  }

  function setupDraft(form) {
    var storage = store();
    var key = form.getAttribute("data-draft-key");
    var body = form.querySelector("textarea[name=body]");
    var title = form.querySelector("input[name=title]");
    var status = form.querySelector("[data-draft-status]");
    if (!storage || !key || !body) return;

    var saved = null;
    try {
      saved = JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      saved = null;
    }
    var formIsEmpty = !body.value.trim() && (!title || !title.value.trim());
    if (saved && formIsEmpty && (saved.body || saved.title)) {
      body.value = saved.body || "";
      if (title && saved.title) title.value = saved.title;
      if (status) status.textContent = form.getAttribute("data-draft-restored") || "";
    }

    var timer = null;
    function save() {
      var data = { body: body.value, title: title ? title.value : "" };
      if (!data.body.trim() && !data.title.trim()) {
        storage.removeItem(key);
        return;
      }
      try {
        storage.setItem(key, JSON.stringify(data));
        if (status) status.textContent = form.getAttribute("data-draft-saved") || "";
      } catch (error) {
        /* storage full: keep typing, no draft */
      }
    }
    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 300);
    }
    body.addEventListener("input", later);
    if (title) title.addEventListener("input", later);
    form.addEventListener("forum:changed", save);
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      storage.removeItem(key);
    });
  }

  function replyForm() {
    return document.querySelector(".forum-reply [data-forum-form]");
  }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart || 0;
    var end = textarea.selectionEnd || 0;
    var before = textarea.value.slice(0, start);
    var after = textarea.value.slice(end);
    if (before && !/\n\n$/.test(before)) before += before.slice(-1) === "\n" ? "\n" : "\n\n";
    textarea.value = before + text + after;
    var cursor = (before + text).length;
    textarea.focus();
    textarea.setSelectionRange(cursor, cursor);
  }

  // A quote is a reference ("[quote #12]"): the page shows the quoted post's current
  // text, so an edit, a purge or a deletion reaches every quote of it.
  function quoteToken(postId) {
    return "[quote #" + postId + "]\n\n";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-quote], [data-reply]") : null;
    if (!link) return;
    var form = replyForm();
    if (!form) return; // follow the link: the reply page works without JavaScript
    var textarea = form.querySelector("textarea[name=body]");
    var replyTo = form.querySelector("input[name=reply_to]");
    var article = link.closest("article.forum-post");
    if (!textarea || !article) return;
    event.preventDefault();
    var postId = article.id.slice(1); // id="p<post id>"
    if (replyTo) replyTo.value = postId;
    if (link.hasAttribute("data-quote")) {
      insertAtCursor(textarea, quoteToken(postId));
      form.dispatchEvent(new Event("forum:changed"));
    } else {
      textarea.focus();
    }
    textarea.scrollIntoView({ block: "center" });
  });

  // A second click on "send" while the first is on its way would only be answered
  // with the same post (the form's token), but it should not even leave.
  function guardDoubleSubmit(form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
    });
  }

  document.querySelectorAll("[data-forum-form]").forEach(function (form) {
    setupDraft(form);
    guardDoubleSubmit(form);
  });
})();
