// The SPARQL page: YASGUI pointed at this service's /sparql, the named queries as examples.
// Without the vendor bundle (make assets not run) the plain form stays and the buttons fill it.
(function () {
  "use strict";
  var cfgEl = document.getElementById("akg-config");
  if (!cfgEl) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var endpoint = window.location.origin + "/sparql";
  var byName = {};
  (cfg.examples || []).forEach(function (ex) { byName[ex.name] = ex; });
  var yasgui = null;
  var host = document.getElementById("yasgui");

  if (host && window.Yasgui) {
    try {
      window.Yasgui.Yasqe.defaults.value = cfg.defaultQuery;
      yasgui = new window.Yasgui(host, {
        requestConfig: { endpoint: endpoint, method: "POST" },
        copyEndpointOnNewTab: false,
        endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
        persistenceId: null,
        yasqe: { value: cfg.defaultQuery, autocompleters: ["prefixes", "variables"] },
      });
      var tab = yasgui.getTab();
      if (tab && tab.getYasqe() && !tab.getYasqe().getValue().trim()) {
        tab.getYasqe().setValue(cfg.defaultQuery);
      }
      window.aseankgYasgui = yasgui; // for the browser console (and the browser tests)
      document.body.setAttribute("data-yasgui", "ready");
    } catch (err) {
      yasgui = null;
      document.body.setAttribute("data-yasgui", "failed");
      if (window.console) console.error("YASGUI failed, using the plain form", err);
    }
  }
  if (!yasgui) {
    var form = document.getElementById("plain-form");
    if (form) form.hidden = false;
    if (host) host.hidden = true;
  }

  // Result IRIs of this dataset open their entity page on this host, not the w3id.org redirector.
  var idSpace = (cfg.base || "") + "id/";
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest(".yasr a[href]") : null;
    if (!a || !cfg.base) return;
    var href = a.getAttribute("href");
    if (href && href.indexOf(idSpace) === 0) {
      ev.preventDefault();
      window.location.assign("/id/" + href.slice(idSpace.length));
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (btn) {
    btn.addEventListener("click", function () {
      var ex = byName[btn.getAttribute("data-name")];
      if (!ex) return;
      if (yasgui) {
        var tab = yasgui.addTab(true, { name: ex.name });
        (tab || yasgui.getTab()).setQuery(ex.query);
      } else {
        document.getElementById("plain-query").value = ex.query;
      }
    });
  });
})();
