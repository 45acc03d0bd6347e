// The embedded sandbox's stand-in for Amazon's checkout.js (https://static-fe.payments-amazon.com/checkout.js).
// It offers the one call a merchant page makes, amazon.Pay.renderButton(selector, config), draws a button that
// looks enough like Amazon Pay's to be recognised, and on click sends the signed payload to the sandbox.
//
// The button lives on the merchant's page, another origin: the click is a plain form POST (a navigation, as
// Amazon's own button opens Amazon's pages), so no CORS is involved, and the sandbox's address is taken from
// this script's own URL rather than from the page.
(function () {
    'use strict';

    var script = document.currentScript;
    var sandboxOrigin = script && script.src ? new URL(script.src).origin : window.location.origin;

    // Amazon's three button colours, roughly.
    var colors = {
        Gold: { background: '#ffd814', border: '#fcd200', text: '#0f1111' },
        LightGray: { background: '#e7e9ec', border: '#adb1b8', text: '#0f1111' },
        DarkGray: { background: '#232f3e', border: '#131a22', text: '#ffffff' }
    };

    function field(form, name, value) {
        var input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value == null ? '' : String(value);
        form.appendChild(input);
    }

    function start(values) {
        var form = document.createElement('form');
        form.method = 'post';
        form.action = sandboxOrigin + '/sandbox/buyer/start';
        form.style.display = 'none';
        Object.keys(values).forEach(function (name) { field(form, name, values[name]); });
        document.body.appendChild(form);
        form.submit();
    }

    function renderButton(selector, config) {
        var container = typeof selector === 'string' ? document.querySelector(selector) : selector;
        if (!container) {
            throw new Error('amazon.Pay.renderButton: no element matches ' + selector);
        }

        config = config || {};
        var productType = config.productType || 'PayAndShip';
        var signIn = productType === 'SignIn';
        var signed = (signIn ? config.signInConfig : config.createCheckoutSessionConfig) || {};
        if (!signed.payloadJSON || !signed.signature) {
            throw new Error('amazon.Pay.renderButton: ' + (signIn ? 'signInConfig' : 'createCheckoutSessionConfig')
                + ' needs payloadJSON and signature');
        }

        // Amazon's button text follows checkoutLanguage, not the page, so this one does too.
        var japanese = (config.checkoutLanguage || 'ja_JP') === 'ja_JP';
        var label = signIn ? (japanese ? 'Amazon Pay でログイン' : 'Sign in with Amazon Pay') : 'Amazon Pay';
        var color = colors[config.buttonColor] || colors.Gold;

        var button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('aria-label', label);
        button.setAttribute('data-sandbox-button', productType);
        button.style.cssText = 'display:flex;flex-direction:column;align-items:center;justify-content:center;'
            + 'min-width:200px;min-height:45px;padding:4px 16px;border-radius:8px;cursor:pointer;'
            + 'font:700 17px/1.2 Arial,"Noto Sans JP",sans-serif;'
            + 'background:' + color.background + ';border:1px solid ' + color.border + ';color:' + color.text + ';';
        var text = document.createElement('span');
        text.textContent = label;
        var badge = document.createElement('span');
        badge.textContent = 'SANDBOX';
        badge.style.cssText = 'font-size:9px;font-weight:400;letter-spacing:.1em;opacity:.75;';
        button.appendChild(text);
        button.appendChild(badge);

        button.addEventListener('click', function () {
            start({
                payloadJSON: signed.payloadJSON,
                signature: signed.signature,
                // The spec's samples put publicKeyId inside the config; some pages also set it at the top level.
                publicKeyId: signed.publicKeyId || config.publicKeyId || '',
                // Amazon's button assumes the legacy algorithm when none is declared.
                algorithm: signed.algorithm || 'AMZN-PAY-RSASSA-PSS',
                productType: productType
            });
        });

        container.innerHTML = '';
        container.appendChild(button);
        return button;
    }

    window.amazon = window.amazon || {};
    window.amazon.Pay = window.amazon.Pay || {};
    window.amazon.Pay.renderButton = renderButton;
})();
