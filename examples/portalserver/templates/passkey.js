// passkey.js runs the portal's passkey ceremonies: the one script of the
// site, loaded only by the pages that need it (WebAuthn is a browser API
// with no form of its own). A form with data-passkey="create" or "get"
// holds the ceremony: its options come from data-options, or from a POST
// of the form's CSRF token to data-options-url; the browser's answer goes
// into the form's "passkey" field, and the form is posted as any other.
'use strict';

(() => {
  // The options and answers carry binary values in base64url.
  const decode = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const encode = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  function creationOptions(o) {
    const pk = o.publicKey;
    pk.challenge = decode(pk.challenge);
    pk.user.id = decode(pk.user.id);
    for (const c of pk.excludeCredentials || []) c.id = decode(c.id);
    return pk;
  }

  function requestOptions(o) {
    const pk = o.publicKey;
    pk.challenge = decode(pk.challenge);
    for (const c of pk.allowCredentials || []) c.id = decode(c.id);
    return pk;
  }

  // answer is the JSON of a PublicKeyCredential, as the server reads it.
  function answer(cred) {
    const r = cred.response;
    const out = {
      id: cred.id, rawId: encode(cred.rawId), type: cred.type,
      clientExtensionResults: cred.getClientExtensionResults(),
      response: { clientDataJSON: encode(r.clientDataJSON) },
    };
    if (cred.authenticatorAttachment) out.authenticatorAttachment = cred.authenticatorAttachment;
    if (r.attestationObject) {
      out.response.attestationObject = encode(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    } else {
      out.response.authenticatorData = encode(r.authenticatorData);
      out.response.signature = encode(r.signature);
      if (r.userHandle) out.response.userHandle = encode(r.userHandle);
    }
    return JSON.stringify(out);
  }

  async function options(form) {
    if (form.dataset.options) return JSON.parse(form.dataset.options);
    const body = new URLSearchParams({ csrf: form.elements.csrf.value });
    // Adding a passkey asks for the current password with the options.
    if (form.elements.current_password) body.set('current_password', form.elements.current_password.value);
    const res = await fetch(form.dataset.optionsUrl, { method: 'POST', body, credentials: 'same-origin' });
    const data = await res.json();
    if (!res.ok) throw new Error((data.error && data.error.message) || 'the passkey could not be started');
    return data;
  }

  function show(form, message) {
    const p = form.querySelector('[role=status]');
    p.textContent = message;
    p.hidden = false;
  }

  async function ceremony(form) {
    if (!window.PublicKeyCredential) throw new Error('this browser does not support passkeys');
    const o = await options(form);
    const cred = form.dataset.passkey === 'create'
      ? await navigator.credentials.create({ publicKey: creationOptions(o) })
      : await navigator.credentials.get({ publicKey: requestOptions(o) });
    form.elements.passkey.value = answer(cred);
    // The password went with the options; it need not travel again.
    if (form.elements.current_password) form.elements.current_password.disabled = true;
    form.submit();
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const form of document.querySelectorAll('form[data-passkey]')) {
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        if (!form.reportValidity()) return;
        ceremony(form).catch((err) => show(form, 'The passkey did not work: ' + (err.message || err.name)));
      });
    }
  });
})();
