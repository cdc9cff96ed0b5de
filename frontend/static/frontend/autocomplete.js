/*
 * Search suggestions as one types: the ARIA 1.2 combobox pattern over a plain GET search form.
 *
 * Without JavaScript the form simply submits to /soeg/. With it, the field gets role="combobox" and a
 * listbox of suggestions: Arrow Down/Up move through them (aria-activedescendant keeps focus in the
 * field), Enter opens the chosen one (or submits the search when none is chosen), Escape closes the
 * list (a second Escape clears the field), and a polite live region says how many suggestions appeared.
 */
(function () {
  'use strict';

  var MIN_LENGTH = 2;
  var DELAY_MS = 150;
  var MAX_LENGTH = 200; // as the server cuts the query (frontend/search_results.py)
  var counter = 0;

  function normalise(text) {
    return text.trim().replace(/\s+/g, ' ').slice(0, MAX_LENGTH);
  }

  function Autocomplete(input) {
    counter += 1;
    this.input = input;
    this.url = input.getAttribute('data-autocomplete');
    this.suggestions = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.lastQuery = '';

    var id = input.id || 'autocomplete-' + counter;
    this.listbox = document.createElement('ul');
    this.listbox.id = id + '-listbox';
    this.listbox.className = 'autocomplete-listbox';
    this.listbox.setAttribute('role', 'listbox');
    this.listbox.setAttribute('aria-label', 'Forslag');
    this.listbox.hidden = true;

    this.status = document.createElement('div');
    this.status.className = 'sr-only';
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.status.setAttribute('aria-atomic', 'true');

    input.parentNode.appendChild(this.listbox);
    input.parentNode.appendChild(this.status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', this.listbox.id);

    input.addEventListener('input', this.onInput.bind(this));
    input.addEventListener('keydown', this.onKeyDown.bind(this));
    input.addEventListener('blur', this.close.bind(this));
    // mousedown keeps focus in the field, so blur does not close the list before the click lands.
    this.listbox.addEventListener('mousedown', function (event) { event.preventDefault(); });
    this.listbox.addEventListener('click', this.onClick.bind(this));
  }

  Autocomplete.prototype.onInput = function () {
    var query = normalise(this.input.value);
    window.clearTimeout(this.timer);
    if (query.length < MIN_LENGTH) {
      this.suggestions = [];
      this.close();
      return;
    }
    this.timer = window.setTimeout(this.fetch.bind(this, query), DELAY_MS);
  };

  Autocomplete.prototype.fetch = function (query) {
    var self = this;
    if (this.request) {
      this.request.abort();
    }
    this.request = new AbortController();
    window.fetch(this.url + '?q=' + encodeURIComponent(query), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      signal: this.request.signal
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (data) {
      // An answer to an older query must not replace the one to what is in the field now.
      if (normalise(self.input.value) !== data.query) {
        return;
      }
      self.lastQuery = data.query;
      self.render(data.suggestions || []);
    }).catch(function (error) {
      if (error.name !== 'AbortError') {
        self.suggestions = [];
        self.close();
      }
    });
  };

  Autocomplete.prototype.render = function (suggestions) {
    var self = this;
    this.suggestions = suggestions;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    while (this.listbox.firstChild) {
      this.listbox.removeChild(this.listbox.firstChild);
    }
    suggestions.forEach(function (suggestion, index) {
      var option = document.createElement('li');
      option.id = self.listbox.id + '-' + index;
      option.className = 'autocomplete-option';
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.setAttribute('data-index', String(index));
      var title = document.createElement('span');
      title.textContent = suggestion.title;
      var kind = document.createElement('span');
      kind.className = 'autocomplete-kind';
      kind.textContent = suggestion.kind;
      option.appendChild(title);
      option.appendChild(kind);
      self.listbox.appendChild(option);
    });
    if (suggestions.length) {
      this.open();
      this.announce(suggestions.length === 1
        ? '1 forslag. Brug pil ned for at vælge det.'
        : suggestions.length + ' forslag. Brug pil op og ned for at vælge.');
    } else {
      this.close();
      this.announce('Ingen forslag.');
    }
  };

  Autocomplete.prototype.announce = function (message) {
    // The same text twice in a row is not re-announced; the no-break space makes it differ.
    this.status.textContent = this.status.textContent === message ? message + '\u00a0' : message;
  };

  Autocomplete.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  };

  Autocomplete.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.setActive(-1);
  };

  Autocomplete.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Autocomplete.prototype.setActive = function (index) {
    var options = this.listbox.querySelectorAll('[role="option"]');
    for (var i = 0; i < options.length; i += 1) {
      options[i].setAttribute('aria-selected', i === index ? 'true' : 'false');
    }
    this.active = index;
    if (index >= 0 && options[index]) {
      this.input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  };

  Autocomplete.prototype.move = function (step) {
    var count = this.suggestions.length;
    if (!count) {
      return;
    }
    if (!this.isOpen()) {
      this.open();
    }
    var next = this.active + step;
    if (next < 0) {
      next = count - 1;
    } else if (next >= count) {
      next = 0;
    }
    this.setActive(next);
  };

  Autocomplete.prototype.go = function (index) {
    var suggestion = this.suggestions[index];
    if (suggestion) {
      this.close();
      window.location.assign(suggestion.url);
    }
  };

  Autocomplete.prototype.onKeyDown = function (event) {
    switch (event.key) {
      case 'ArrowDown':
      case 'Down':
        event.preventDefault();
        this.move(1);
        break;
      case 'ArrowUp':
      case 'Up':
        event.preventDefault();
        this.move(-1);
        break;
      case 'Enter':
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.go(this.active);
        }
        break;
      case 'Escape':
      case 'Esc':
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = '';
          this.suggestions = [];
        }
        break;
      case 'Tab':
        this.close();
        break;
      default:
        break;
    }
  };

  Autocomplete.prototype.onClick = function (event) {
    var option = event.target.closest('[role="option"]');
    if (option) {
      this.go(parseInt(option.getAttribute('data-index'), 10));
    }
  };

  window.PortalAutocomplete = {
    init: function (scope) {
      var inputs = (scope || document).querySelectorAll('input[data-autocomplete]');
      for (var i = 0; i < inputs.length; i += 1) {
        if (!inputs[i].hasAttribute('role') && window.fetch && window.AbortController) {
          new Autocomplete(inputs[i]);
        }
      }
    }
  };
})();
