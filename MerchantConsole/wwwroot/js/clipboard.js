// Puts exactly the given text on the clipboard; the console says so (or why not) in a snackbar.
window.merchantConsoleCopy = async function (text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
};
