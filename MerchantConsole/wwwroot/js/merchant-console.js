// Small browser helpers the interactive pages call through JS interop.
window.merchantConsole = {
    // Saves text as a file made in the browser: a private key handed over once never becomes a URL on the server.
    downloadText(fileName, text, mimeType) {
        const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
        const link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        // Revoked a little later: some browsers read the blob after the click handler returns.
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    },

    // The clipboard API exists only in secure contexts (https or localhost); false tells the page to say so.
    async copyText(text) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            return false;
        }
    },
};
