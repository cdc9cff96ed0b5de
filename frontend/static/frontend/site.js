/* Progressive enhancement of the citizen site: every page works without this file. */
(function () {
  'use strict';

  var WIDE = '(min-width: 992px)'; // DKFDS' navigation breakpoint

  // The header: DKFDS' menu and close buttons replace the links that work without script, and the menu button
  // says whether the drawer is open (DKFDS marks that on <body> only).
  function enhanceMenu() {
    var opener = document.querySelector('.js-menu-open');
    if (!opener) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll('.js-nojs-menu'), function (link) {
      link.parentNode.removeChild(link);
    });
    Array.prototype.forEach.call(document.querySelectorAll('.js-menu-open, .js-menu-close'), function (button) {
      button.hidden = false;
    });
    if (window.location.hash === '#hovedmenu' && window.history.replaceState) {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    new MutationObserver(function () {
      opener.setAttribute('aria-expanded', String(document.body.classList.contains('mobile-nav-active')));
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  // The search page's filters: folded under "Filtrér" on phones, open beside the results on wide screens.
  function enhanceFilters() {
    var filters = document.querySelector('.search-filters');
    if (!filters || !window.matchMedia) {
      return;
    }
    var wide = window.matchMedia(WIDE);
    function apply() {
      filters.classList.toggle('is-static', wide.matches);
      if (wide.matches) {
        filters.open = true;
      }
    }
    apply();
    if (wide.addEventListener) {
      wide.addEventListener('change', apply);
    }
  }

  function start() {
    enhanceMenu();
    enhanceFilters();
    if (window.DKFDS) {
      window.DKFDS.init(); // the mobile drawer, accordions and the other DKFDS components
    }
    if (window.PortalAutocomplete) {
      window.PortalAutocomplete.init(document);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
