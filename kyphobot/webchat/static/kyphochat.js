/*
 * Kyphoplasty assistant web chat. Plain JavaScript, no framework, no build step.
 *
 * Embed with one tag (see docs/webchat.md):
 *   <script src="https://chat.example.org/webchat/kyphochat.js" defer
 *           data-server-url="https://rasa.example.org"
 *           data-clinic-name="Your Spine Clinic"
 *           data-clinic-phone="(555) 010-0100"
 *           data-emergency-number="911"></script>
 *
 * It talks to the Rasa server's guarded REST channel
 * (POST {server}/webhooks/rest/webhook). Patient and bot text is only ever
 * inserted with textContent, never as HTML; only http(s) URLs become links.
 * The widget lives in a shadow root so the clinic's own CSS cannot break it.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script || document.getElementById("kyphochat-root")) {
    return; // loaded as a module, or twice on one page
  }

  const MAX_CHARS = 2000; // kyphobot.channels.guard.MAX_MESSAGE_CHARS
  const REQUEST_TIMEOUT_MS = 45000;
  const HEALTH_TIMEOUT_MS = 5000;
  const FIRST_RETRY_MS = 1000;
  const MAX_RETRY_MS = 30000;
  const RECONNECTED_NOTICE_MS = 6000;
  const TRANSCRIPT_LIMIT = 200;
  const TEXT_SCALES = [1, 1.25, 1.5, 1.75];
  const DEFAULT_COLOR = "#0b5394";
  const DEFAULT_SESSION_MINUTES = 60; // the domain's session_expiration_time

  const STRINGS = {
    en: {
      launcher: "Questions? Chat with us",
      subtitle: "Automated assistant · not medical advice",
      emergencyPrompt: "Emergency?",
      emergencyCall: "Call {number}",
      emergencyCallNow: "Call {number} now",
      emergencyLabel: "Emergency",
      emergencyAnnounce: "Emergency. ",
      close: "Close chat",
      smaller: "Smaller text",
      larger: "Larger text",
      conversation: "Conversation",
      you: "You said:",
      assistant: "Assistant said:",
      intro:
        "Hello! I answer common questions about balloon kyphoplasty. I am not " +
        "a doctor. Type your question below, for example: What kind of " +
        "anesthesia will I get?",
      typing: "The assistant is typing",
      inputLabel: "Type your question",
      placeholder: "Type your question…",
      send: "Send",
      tooLong:
        "This message is too long. Please keep it under {max} characters: " +
        "try asking one question at a time.",
      counter: "{count} of {max} characters",
      suggested: "Suggested replies",
      repliesAnnounce: "{count} suggested replies follow.",
      newTab: "(opens in a new tab)",
      notSentYet: "Not sent yet. It will be sent when the connection is back.",
      notDelivered: "This message could not be delivered.",
      offline: "Connection lost. Trying to reconnect…",
      offlineQueued: "Your message will be sent when it is back.",
      offlineCall: "Need help now? Call {phone}.",
      retryNow: "Try again now",
      reconnected: "Connected again.",
      rejected:
        "Sorry, I could not take that message. Please call {clinic} at " +
        "{phone}. In an emergency, call {number}.",
      rejectedNoPhone:
        "Sorry, I could not take that message. Please call the clinic. In an " +
        "emergency, call {number}.",
      noReply:
        "Sorry, I have no answer for that. Please call the clinic. In an " +
        "emergency, call {number}.",
      callClinic: "Talk to a person: call",
      startOver: "Start over",
      confirmStartOver: "Clear this conversation and start again?",
      confirmYes: "Yes, start over",
      confirmNo: "Keep it",
      cleared: "The conversation was cleared.",
    },
  };

  // ---------------------------------------------------------------- settings

  const data = script.dataset;
  const serverUrl = (data.serverUrl || "").trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+$/i.test(serverUrl)) {
    console.error("kyphochat: data-server-url must be http(s)://host[:port]");
    return;
  }
  const requestedLang = (data.lang || document.documentElement.lang || "en")
    .toLowerCase()
    .split("-")[0];
  const lang = STRINGS[requestedLang] ? requestedLang : "en";
  const config = {
    clinicName: (data.clinicName || "").trim() || "Your clinic",
    clinicPhone: (data.clinicPhone || "").trim(),
    emergencyNumber: (data.emergencyNumber || "").trim() || "911",
    color: /^#[0-9a-f]{6}$/i.test(data.primaryColor || "")
      ? data.primaryColor
      : DEFAULT_COLOR,
    sessionMs:
      (Number(data.sessionMinutes) > 0
        ? Number(data.sessionMinutes)
        : DEFAULT_SESSION_MINUTES) * 60000,
    stylesheet: new URL(data.stylesheet || "kyphochat.css", script.src).href,
  };

  /** A UI string with {placeholders} filled in. */
  function t(key, values) {
    const template = STRINGS[lang][key] || STRINGS.en[key] || key;
    return template.replace(/\{(\w+)\}/g, (_, name) =>
      values && name in values ? String(values[name]) : "",
    );
  }

  const telLink = (number) => "tel:" + number.replace(/[^\d+]/g, "");

  // ------------------------------------------------------------- colours

  /** WCAG relative luminance of a #rrggbb colour. */
  function luminance(hex) {
    const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const linear = channels.map((c) =>
      c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4),
    );
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  }

  function contrast(a, b) {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  }

  /** Text colour on the clinic colour, and an accent safe on white: any
   * brand colour stays at WCAG AA contrast. */
  function themeColors(color) {
    const dark = "#1a1a1a";
    const onColor = contrast(color, "#ffffff") >= contrast(color, dark) ? "#ffffff" : dark;
    const accent = contrast(color, "#ffffff") >= 4.5 ? color : dark;
    return { color, onColor, accent };
  }

  // ------------------------------------------------------------- storage

  /** localStorage/sessionStorage that never throws (private modes, quotas). */
  function makeStore(kind) {
    const prefix = "kyphochat:" + serverUrl + ":";
    const memory = new Map();
    let backend = null;
    try {
      backend = window[kind];
      backend.setItem(prefix + "probe", "1");
      backend.removeItem(prefix + "probe");
    } catch (error) {
      backend = null;
    }
    return {
      get(key) {
        try {
          const raw = backend ? backend.getItem(prefix + key) : memory.get(key);
          return raw == null ? null : JSON.parse(raw);
        } catch (error) {
          return null;
        }
      },
      set(key, value) {
        const raw = JSON.stringify(value);
        try {
          if (backend) backend.setItem(prefix + key, raw);
          else memory.set(key, raw);
        } catch (error) {
          memory.set(key, raw);
        }
      },
      remove(key) {
        memory.delete(key);
        try {
          if (backend) backend.removeItem(prefix + key);
        } catch (error) {
          /* nothing to clean */
        }
      },
    };
  }

  // The conversation id outlives the tab (one conversation for staff to
  // review); the transcript is per tab, so it is gone when the tab is closed
  // on a shared computer.
  const local = makeStore("localStorage");
  const perTab = makeStore("sessionStorage");

  function randomUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID(); // secure contexts only
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [0, 8, 12, 16, 20]
      .map((start, i, all) => hex.slice(start, all[i + 1]))
      .join("-");
  }

  /** The stored conversation id, or a new one after an idle hour. */
  function loadSession() {
    const saved = local.get("session");
    const fresh =
      saved &&
      typeof saved.id === "string" &&
      /^web-[0-9a-f-]{36}$/.test(saved.id) &&
      Date.now() - Number(saved.lastActive) < config.sessionMs;
    if (fresh) return saved.id;
    perTab.remove("transcript");
    return newSession();
  }

  function newSession() {
    const id = "web-" + randomUuid();
    local.set("session", { id, lastActive: Date.now() });
    return id;
  }

  function touchSession() {
    local.set("session", { id: state.sessionId, lastActive: Date.now() });
  }

  function loadTranscript() {
    const saved = perTab.get("transcript");
    return Array.isArray(saved) ? saved.filter(isEntry) : [];
  }

  function isEntry(entry) {
    return (
      entry &&
      typeof entry.id === "string" &&
      (entry.from === "patient" || entry.from === "bot") &&
      typeof entry.text === "string"
    );
  }

  function saveTranscript() {
    perTab.set("transcript", state.transcript.slice(-TRANSCRIPT_LIMIT));
  }

  // --------------------------------------------------------------- server

  async function fetchWithTimeout(url, options, timeoutMs) {
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await fetch(url, {
        ...options,
        mode: "cors",
        credentials: "omit",
        cache: "no-store",
        signal: controller.signal,
      });
    } finally {
      window.clearTimeout(timer);
    }
  }

  /** POST one message. "offline" means: keep it and send it again later. */
  async function postToBot(message) {
    let response;
    try {
      response = await fetchWithTimeout(
        serverUrl + "/webhooks/rest/webhook",
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ sender: state.sessionId, message }),
        },
        REQUEST_TIMEOUT_MS,
      );
    } catch (error) {
      return { kind: "offline" };
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      return { kind: "offline" };
    }
    if (!response.ok) return { kind: "rejected" };
    try {
      const body = await response.json();
      return { kind: "ok", messages: Array.isArray(body) ? body : [] };
    } catch (error) {
      return { kind: "ok", messages: [] };
    }
  }

  async function serverIsUp() {
    try {
      const response = await fetchWithTimeout(
        serverUrl + "/webhooks/rest/",
        { method: "GET" },
        HEALTH_TIMEOUT_MS,
      );
      return response.ok;
    } catch (error) {
      return false;
    }
  }

  // ------------------------------------------------------------------ DOM

  /** An element with attributes and optional text; never parses HTML. */
  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value != null) node.setAttribute(name, String(value));
    });
    if (text != null) node.textContent = text;
    return node;
  }

  /** A drawn icon: emoji fonts are missing on some computers. */
  function speechBubbleIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "kc-launcher-icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute(
      "d",
      "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    );
    svg.append(path);
    return svg;
  }

  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

  /** Append ``text`` to ``parent``, turning http(s) URLs into safe links. */
  function appendLinkified(parent, text) {
    let last = 0;
    URL_PATTERN.lastIndex = 0;
    let match;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      const url = match[0].replace(TRAILING_PUNCTUATION, "");
      const href = safeHttpUrl(url);
      if (!href) continue;
      parent.append(document.createTextNode(text.slice(last, match.index)));
      const link = el(
        "a",
        { href, rel: "noopener noreferrer", target: "_blank" },
        url,
      );
      link.append(el("span", { class: "kc-sr-only" }, " " + t("newTab")));
      parent.append(link);
      last = match.index + url.length;
      URL_PATTERN.lastIndex = last;
    }
    parent.append(document.createTextNode(text.slice(last)));
  }

  function safeHttpUrl(candidate) {
    try {
      const url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // ---------------------------------------------------------------- state

  const state = {
    sessionId: loadSession(),
    transcript: [],
    sending: false,
    offline: false,
    checking: false,
    retryDelay: FIRST_RETRY_MS,
    retryTimer: 0,
    noticeTimer: 0,
    scaleIndex: 0,
  };
  state.transcript = loadTranscript();
  const savedScale = Number(local.get("textScale"));
  state.scaleIndex = TEXT_SCALES.indexOf(savedScale) >= 0 ? TEXT_SCALES.indexOf(savedScale) : 0;

  const newId = () => Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);

  // ---------------------------------------------------------------- build

  const host = el("div", { id: "kyphochat-root" });
  const shadow = host.attachShadow({ mode: "open" });
  const theme = themeColors(config.color);

  const root = el("div", { class: "kc-root", lang, hidden: true });
  root.style.setProperty("--kc-color", theme.color);
  root.style.setProperty("--kc-on-color", theme.onColor);
  root.style.setProperty("--kc-accent", theme.accent);

  const stylesheet = el("link", { rel: "stylesheet", href: config.stylesheet });
  const reveal = () => {
    root.hidden = false;
  };
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal); // unstyled beats invisible
  window.setTimeout(reveal, 4000);

  const launcher = el("button", {
    type: "button",
    class: "kc-launcher",
    "aria-expanded": "false",
    "aria-controls": "kc-panel",
  });
  launcher.append(speechBubbleIcon(), el("span", {}, t("launcher")));

  const panel = el("section", {
    id: "kc-panel",
    class: "kc-panel",
    role: "dialog",
    "aria-labelledby": "kc-title",
    "aria-describedby": "kc-subtitle",
    hidden: true,
  });

  // Header: clinic name, disclaimer, text size, close.
  const header = el("div", { class: "kc-header" });
  const titles = el("div", { class: "kc-titles" });
  titles.append(
    el("h2", { id: "kc-title", class: "kc-title" }, config.clinicName),
    el("p", { id: "kc-subtitle", class: "kc-subtitle" }, t("subtitle")),
  );
  const smaller = el("button", { type: "button", class: "kc-icon-button", "aria-label": t("smaller") });
  smaller.append(el("span", { "aria-hidden": "true" }, "A−"));
  const larger = el("button", { type: "button", class: "kc-icon-button", "aria-label": t("larger") });
  larger.append(el("span", { "aria-hidden": "true" }, "A+"));
  const closeButton = el("button", { type: "button", class: "kc-icon-button", "aria-label": t("close") });
  closeButton.append(el("span", { "aria-hidden": "true" }, "✕"));
  const tools = el("div", { class: "kc-tools" });
  tools.append(smaller, larger, closeButton);
  header.append(titles, tools);

  // Always-visible emergency strip.
  const strip = el("p", { class: "kc-emergency-strip" });
  strip.append(
    el("span", {}, t("emergencyPrompt") + " "),
    el(
      "a",
      { href: telLink(config.emergencyNumber), class: "kc-emergency-call" },
      t("emergencyCall", { number: config.emergencyNumber }),
    ),
  );

  // Connection status (polite).
  const status = el("div", { class: "kc-status", role: "status" });
  const statusText = el("p", { class: "kc-status-text" });
  const retryButton = el("button", { type: "button", class: "kc-link-button", hidden: true }, t("retryNow"));
  status.append(statusText, retryButton);

  // Conversation.
  const scroller = el("div", {
    class: "kc-scroller",
    role: "region",
    "aria-label": t("conversation"),
    tabindex: "0",
  });
  const list = el("ol", { class: "kc-messages" });
  const typing = el("div", { class: "kc-typing", hidden: true });
  typing.append(
    el("span", { class: "kc-dots", "aria-hidden": "true" }, "•••"),
    el("span", {}, t("typing")),
  );
  scroller.append(list, typing);

  // Input.
  const form = el("form", { class: "kc-form", novalidate: true });
  const input = el("textarea", {
    id: "kc-input",
    class: "kc-input",
    rows: "1",
    placeholder: t("placeholder"),
    "aria-describedby": "kc-limit",
    autocomplete: "off",
    enterkeyhint: "send",
  });
  const sendButton = el("button", { type: "submit", class: "kc-send" }, t("send"));
  const limitNotice = el("p", { id: "kc-limit", class: "kc-limit", "aria-live": "polite" });
  const counter = el("p", { class: "kc-counter", hidden: true });
  form.append(
    el("label", { for: "kc-input", class: "kc-sr-only" }, t("inputLabel")),
    input,
    sendButton,
    limitNotice,
    counter,
  );

  // Footer: a person to call, and start over.
  const footer = el("div", { class: "kc-footer" });
  const callClinic = el("p", { class: "kc-call-clinic" });
  if (config.clinicPhone) {
    callClinic.append(
      document.createTextNode(t("callClinic") + " "),
      el("a", { href: telLink(config.clinicPhone) }, config.clinicPhone),
    );
  }
  const startOver = el("button", { type: "button", class: "kc-link-button" }, t("startOver"));
  const confirmBox = el("div", { class: "kc-confirm", hidden: true });
  const confirmYes = el("button", { type: "button", class: "kc-confirm-yes" }, t("confirmYes"));
  const confirmNo = el("button", { type: "button", class: "kc-confirm-no" }, t("confirmNo"));
  confirmBox.append(el("p", {}, t("confirmStartOver")), confirmYes, confirmNo);
  footer.append(callClinic, startOver, confirmBox);

  panel.append(header, strip, status, scroller, form, footer);

  // Screen reader announcements live outside the panel, so a reply that
  // arrives after the panel was closed is still read out.
  const politeRegion = el("div", { class: "kc-sr-only kc-announce-polite", "aria-live": "polite" });
  const alertRegion = el("div", { class: "kc-sr-only kc-alert-region", role: "alert" });

  root.append(launcher, panel, politeRegion, alertRegion);
  shadow.append(stylesheet, root);
  document.body.append(host);

  // ------------------------------------------------------------- rendering

  function bubble(entry) {
    const item = el("li", {
      class: "kc-msg kc-" + entry.from + (entry.emergency ? " kc-emergency" : ""),
      "data-entry": entry.id,
    });
    item.append(el("span", { class: "kc-sr-only" }, entry.from === "patient" ? t("you") : t("assistant")));
    if (entry.emergency) {
      const label = el("p", { class: "kc-emergency-label" });
      label.append(el("span", { "aria-hidden": "true" }, "⚠ "), document.createTextNode(t("emergencyLabel")));
      item.append(label);
    }
    if (entry.text) {
      const text = el("p", { class: "kc-text" });
      appendLinkified(text, entry.text);
      item.append(text);
    }
    if (entry.emergency) {
      item.append(
        el(
          "a",
          { href: telLink(config.emergencyNumber), class: "kc-emergency-call kc-emergency-call-large" },
          t("emergencyCallNow", { number: config.emergencyNumber }),
        ),
      );
    }
    item.append(el("p", { class: "kc-meta" }));
    updateMeta(item, entry);
    return item;
  }

  function updateMeta(item, entry) {
    const meta = item.querySelector(".kc-meta");
    let text = "";
    if (entry.status === "queued" && state.offline) text = t("notSentYet");
    if (entry.status === "failed") text = t("notDelivered");
    meta.textContent = text;
    meta.hidden = !text;
  }

  function refreshMeta() {
    state.transcript.forEach((entry) => {
      const item = list.querySelector('[data-entry="' + entry.id + '"]');
      if (item) updateMeta(item, entry);
    });
  }

  /** Quick replies only for the latest bot message: older ones are stale. */
  function refreshQuickReplies() {
    list.querySelectorAll(".kc-quick").forEach((group) => group.remove());
    const last = state.transcript[state.transcript.length - 1];
    if (!last || last.from !== "bot" || !last.buttons || !last.buttons.length) return;
    const item = list.querySelector('[data-entry="' + last.id + '"]');
    if (!item) return;
    const group = el("div", { class: "kc-quick", role: "group", "aria-label": t("suggested") });
    last.buttons.forEach((choice) => {
      const button = el("button", { type: "button", class: "kc-quick-button" }, choice.title);
      button.addEventListener("click", () => {
        submit(choice.title, choice.payload);
        input.focus();
      });
      group.append(button);
    });
    item.append(group);
  }

  function renderAll() {
    list.replaceChildren();
    const intro = el("li", { class: "kc-msg kc-bot kc-intro" });
    intro.append(el("span", { class: "kc-sr-only" }, t("assistant")), el("p", { class: "kc-text" }, t("intro")));
    list.append(intro);
    state.transcript.forEach((entry) => list.append(bubble(entry)));
    refreshQuickReplies();
    scrollToBottom();
  }

  const reducedMotion = () =>
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function scrollTo(top) {
    if (typeof scroller.scrollTo === "function") {
      scroller.scrollTo({ top, behavior: reducedMotion() ? "auto" : "smooth" });
    } else {
      scroller.scrollTop = top;
    }
  }

  const scrollToBottom = () => scrollTo(scroller.scrollHeight);

  /** Long answers are read from their first line, not their last. */
  function scrollToEntry(item) {
    scrollTo(Math.max(0, item.offsetTop - 8));
  }

  function announce(text, urgent) {
    const region = urgent ? alertRegion : politeRegion;
    region.textContent = "";
    window.setTimeout(() => {
      region.textContent = text;
    }, 50);
  }

  function setTyping(visible) {
    typing.hidden = !visible;
    if (visible) scrollToBottom();
  }

  // ------------------------------------------------------------ messages

  function addEntry(entry) {
    entry.id = newId();
    state.transcript.push(entry);
    if (state.transcript.length > TRANSCRIPT_LIMIT) state.transcript.shift();
    const item = bubble(entry);
    list.append(item);
    return item;
  }

  /** Turn Rasa's REST messages into bot bubbles. An emergency answer comes
   * as its text followed by {"custom": {"emergency": true}}. */
  function receive(messages) {
    const entries = [];
    messages.forEach((message) => {
      if (!message || typeof message !== "object") return;
      const text = typeof message.text === "string" ? message.text : "";
      const buttons = (Array.isArray(message.buttons) ? message.buttons : [])
        .filter((b) => b && typeof b.title === "string" && b.title.trim())
        .map((b) => ({ title: b.title, payload: typeof b.payload === "string" && b.payload ? b.payload : b.title }));
      const emergency = Boolean(message.custom && message.custom.emergency === true);
      const previous = entries[entries.length - 1];
      if (text) entries.push({ from: "bot", text, buttons, emergency });
      else if (buttons.length && previous) previous.buttons = previous.buttons.concat(buttons);
      else if (buttons.length) entries.push({ from: "bot", text: "", buttons, emergency: false });
      else if (emergency && previous) previous.emergency = true;
    });
    if (!entries.length) {
      entries.push({ from: "bot", text: t("noReply", { number: config.emergencyNumber }), buttons: [], emergency: false });
    }
    const items = entries.map(addEntry);
    refreshQuickReplies();
    saveTranscript();
    scrollToEntry(items[0]);

    const urgent = entries.filter((e) => e.emergency).map((e) => e.text);
    const calm = entries.filter((e) => !e.emergency && e.text).map((e) => e.text);
    const choices = entries[entries.length - 1].buttons.length;
    if (urgent.length) announce(t("emergencyAnnounce") + urgent.join(" "), true);
    if (calm.length || choices) {
      const parts = calm.slice();
      if (choices) parts.push(t("repliesAnnounce", { count: choices }));
      announce(parts.join(" "), false);
    }
  }

  function submit(text, payload) {
    const entry = { from: "patient", text, status: "queued" };
    if (payload && payload !== text) entry.payload = payload;
    const item = addEntry(entry);
    refreshQuickReplies();
    saveTranscript();
    touchSession();
    scrollToEntry(item);
    pump();
  }

  /** Send queued messages one at a time, in order. */
  async function pump() {
    if (state.sending || state.offline) return;
    const entry = state.transcript.find((e) => e.from === "patient" && e.status === "queued");
    if (!entry) {
      setTyping(false);
      return;
    }
    const session = state.sessionId;
    state.sending = true;
    setTyping(true);
    const result = await postToBot(entry.payload || entry.text);
    state.sending = false;
    if (session !== state.sessionId) {
      pump(); // the patient started over meanwhile: drop the old reply
      return;
    }
    if (result.kind === "offline") {
      setTyping(false);
      goOffline();
      return;
    }
    state.retryDelay = FIRST_RETRY_MS;
    entry.status = result.kind === "ok" ? "sent" : "failed";
    refreshMeta();
    touchSession();
    if (result.kind === "ok") {
      receive(result.messages);
    } else {
      const key = config.clinicPhone ? "rejected" : "rejectedNoPhone";
      receive([
        { text: t(key, { clinic: config.clinicName, phone: config.clinicPhone, number: config.emergencyNumber }) },
      ]);
    }
    pump();
  }

  // ------------------------------------------------------------ reconnect

  function showStatus(kind) {
    window.clearTimeout(state.noticeTimer);
    status.className = "kc-status kc-status-" + kind;
    if (kind === "offline") {
      const parts = [t("offline")];
      if (state.transcript.some((e) => e.status === "queued")) parts.push(t("offlineQueued"));
      if (config.clinicPhone) parts.push(t("offlineCall", { clinic: config.clinicName, phone: config.clinicPhone }));
      statusText.textContent = parts.join(" ");
      retryButton.hidden = false;
    } else if (kind === "back") {
      statusText.textContent = t("reconnected");
      retryButton.hidden = true;
      state.noticeTimer = window.setTimeout(() => showStatus("none"), RECONNECTED_NOTICE_MS);
    } else {
      statusText.textContent = "";
      retryButton.hidden = true;
    }
  }

  function goOffline() {
    state.offline = true;
    showStatus("offline");
    refreshMeta();
    scheduleCheck(state.retryDelay);
  }

  function scheduleCheck(delay) {
    window.clearTimeout(state.retryTimer);
    state.retryTimer = window.setTimeout(checkConnection, delay);
  }

  /** Poll the channel's health with exponential backoff until it answers. */
  async function checkConnection() {
    window.clearTimeout(state.retryTimer);
    if (!state.offline || state.checking) return;
    state.checking = true;
    const up = await serverIsUp();
    state.checking = false;
    if (!state.offline) return;
    if (up) {
      state.offline = false;
      showStatus("back");
      refreshMeta();
      pump();
    } else {
      state.retryDelay = Math.min(state.retryDelay * 2, MAX_RETRY_MS);
      scheduleCheck(state.retryDelay);
    }
  }

  const checkNow = () => {
    if (state.offline) checkConnection();
  };
  window.addEventListener("online", checkNow);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") checkNow();
  });
  retryButton.addEventListener("click", checkNow);

  // ---------------------------------------------------------- interaction

  function openPanel(moveFocus) {
    panel.hidden = false;
    root.classList.add("kc-open");
    launcher.setAttribute("aria-expanded", "true");
    perTab.set("open", true);
    scrollToBottom();
    if (moveFocus) input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    root.classList.remove("kc-open");
    launcher.setAttribute("aria-expanded", "false");
    perTab.set("open", false);
    launcher.focus();
  }

  launcher.addEventListener("click", () => (panel.hidden ? openPanel(true) : closePanel()));
  closeButton.addEventListener("click", closePanel);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      closePanel();
    }
  });

  function applyScale() {
    root.style.setProperty("--kc-scale", String(TEXT_SCALES[state.scaleIndex]));
    smaller.disabled = state.scaleIndex === 0;
    larger.disabled = state.scaleIndex === TEXT_SCALES.length - 1;
    local.set("textScale", TEXT_SCALES[state.scaleIndex]);
  }

  function changeScale(step, button) {
    state.scaleIndex = Math.min(TEXT_SCALES.length - 1, Math.max(0, state.scaleIndex + step));
    applyScale();
    // A disabled button loses focus: keep keyboard users on the other one.
    if (button.disabled) (button === larger ? smaller : larger).focus();
  }

  smaller.addEventListener("click", () => changeScale(-1, smaller));
  larger.addEventListener("click", () => changeScale(1, larger));

  const characters = (text) => Array.from(text).length; // code points, as Python counts

  function checkLength() {
    const count = characters(input.value.trim());
    const over = count > MAX_CHARS;
    const near = count > MAX_CHARS * 0.9;
    const message = over ? t("tooLong", { max: MAX_CHARS.toLocaleString("en-US") }) : "";
    if (limitNotice.textContent !== message) limitNotice.textContent = message;
    counter.hidden = !near;
    counter.textContent = near
      ? t("counter", { count: count.toLocaleString("en-US"), max: MAX_CHARS.toLocaleString("en-US") })
      : "";
    input.setAttribute("aria-invalid", over ? "true" : "false");
    return !over;
  }

  function autoGrow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 160) + "px";
  }

  input.addEventListener("input", () => {
    checkLength();
    autoGrow();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : sendTyped();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendTyped();
  });

  function sendTyped() {
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    if (!checkLength()) {
      input.focus();
      return;
    }
    input.value = "";
    checkLength();
    autoGrow();
    submit(text);
    input.focus();
  }

  startOver.addEventListener("click", () => {
    startOver.hidden = true;
    confirmBox.hidden = false;
    confirmNo.focus();
  });
  confirmNo.addEventListener("click", () => {
    confirmBox.hidden = true;
    startOver.hidden = false;
    startOver.focus();
  });
  confirmYes.addEventListener("click", () => {
    state.sessionId = newSession();
    state.transcript = [];
    state.offline = false;
    window.clearTimeout(state.retryTimer);
    showStatus("none");
    saveTranscript();
    setTyping(false);
    renderAll();
    confirmBox.hidden = true;
    startOver.hidden = false;
    announce(t("cleared"), false);
    input.focus();
  });

  // ---------------------------------------------------------------- start

  applyScale();
  renderAll();
  if (perTab.get("open")) openPanel(false); // after a reload: no focus theft
  pump(); // messages queued before a reload
})();
