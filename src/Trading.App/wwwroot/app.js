'use strict';

(() => {
  const quotesBody = document.getElementById('quotes');
  const quotesStatus = document.getElementById('quotes-status');
  const form = document.getElementById('order-form');
  const symbolSelect = document.getElementById('symbol');
  const sideSelect = document.getElementById('side');
  const quantityInput = document.getElementById('quantity');
  const priceInput = document.getElementById('price');
  const submitButton = document.getElementById('submit-order');
  const errorArea = document.getElementById('order-error');
  const ordersBody = document.getElementById('orders');
  const versionLabel = document.getElementById('app-version');

  const QUOTE_REFRESH_MS = 2000;

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function money(value) {
    return Number(value).toFixed(2);
  }

  function timeOf(iso) {
    return new Date(iso).toISOString().slice(11, 19);
  }

  function fillSymbols(quotes) {
    if (symbolSelect.options.length > 0) {
      return;
    }
    for (const quote of quotes) {
      const option = document.createElement('option');
      option.value = quote.symbol;
      option.textContent = quote.symbol;
      symbolSelect.appendChild(option);
    }
    if (!priceInput.value && quotes.length > 0) {
      priceInput.value = money(quotes[0].last);
    }
    submitButton.disabled = false;
  }

  function renderQuotes(quotes) {
    for (const quote of quotes) {
      let row = quotesBody.querySelector(`tr[data-symbol="${CSS.escape(quote.symbol)}"]`);
      if (!row) {
        row = document.createElement('tr');
        row.dataset.symbol = quote.symbol;
        quotesBody.appendChild(row);
      }
      row.replaceChildren();
      cell(row, quote.symbol);
      cell(row, money(quote.bid), 'num');
      cell(row, money(quote.ask), 'num');
      cell(row, money(quote.last), 'num');
      const change = Number(quote.change);
      cell(row, (change > 0 ? '+' : '') + money(change), 'num ' + (change > 0 ? 'up' : change < 0 ? 'down' : ''));
      cell(row, timeOf(quote.timestamp));
    }
  }

  async function refreshQuotes() {
    try {
      const response = await fetch('/api/quotes', { cache: 'no-store' });
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      const quotes = await response.json();
      fillSymbols(quotes);
      renderQuotes(quotes);
      quotesStatus.textContent = '';
    } catch (error) {
      quotesStatus.textContent = `Quotes unavailable: ${error.message}`;
    } finally {
      setTimeout(refreshQuotes, QUOTE_REFRESH_MS);
    }
  }

  function renderOrders(orders) {
    ordersBody.replaceChildren();
    for (const order of orders) {
      const row = document.createElement('tr');
      row.dataset.orderId = String(order.id);
      cell(row, String(order.id), 'num');
      cell(row, timeOf(order.createdAt));
      cell(row, order.symbol);
      cell(row, order.side);
      cell(row, String(order.quantity), 'num');
      cell(row, String(order.price), 'num');
      cell(row, order.status);
      ordersBody.appendChild(row);
    }
  }

  async function loadOrders() {
    const response = await fetch('/api/orders', { cache: 'no-store' });
    if (response.ok) {
      renderOrders(await response.json());
    }
  }

  function showError(messages) {
    const list = document.createElement('ul');
    for (const message of messages) {
      const item = document.createElement('li');
      item.textContent = message;
      list.appendChild(item);
    }
    errorArea.replaceChildren(list);
    errorArea.hidden = false;
  }

  function clearError() {
    errorArea.replaceChildren();
    errorArea.hidden = true;
  }

  // An empty or unreadable box is sent as null, so the server reports the field as required.
  function numberOrNull(input) {
    const text = input.value.trim();
    if (text === '') {
      return null;
    }
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
  }

  async function placeOrder(event) {
    event.preventDefault();
    submitButton.disabled = true;
    try {
      const response = await fetch('/api/orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          symbol: symbolSelect.value,
          side: sideSelect.value,
          quantity: numberOrNull(quantityInput),
          price: numberOrNull(priceInput),
        }),
      });
      if (response.status === 201) {
        clearError();
        await loadOrders();
        return;
      }
      const body = await response.json().catch(() => null);
      const errors = body && body.errors ? Object.values(body.errors).flat() : [];
      showError(errors.length > 0 ? errors : [`The order was not accepted (HTTP ${response.status}).`]);
    } catch (error) {
      showError([`The order could not be sent: ${error.message}`]);
    } finally {
      submitButton.disabled = false;
    }
  }

  async function loadVersion() {
    const response = await fetch('/version', { cache: 'no-store' });
    if (response.ok) {
      const version = await response.json();
      versionLabel.textContent = `${version.version} (${version.environment})`;
    }
  }

  form.addEventListener('submit', placeOrder);
  clearError();
  refreshQuotes();
  loadOrders().catch(() => {});
  loadVersion().catch(() => {});
})();
