/* Progressive enhancement of the citizen site: every page works without this file. */
(function () {
  'use strict';

  function start() {
    if (window.DKFDS) {
      window.DKFDS.init(); // accordions and the other DKFDS components
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
