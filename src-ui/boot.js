// Loads the wasm bundle; kept out of index.html so the content security policy needs no inline script.
import init from './floordesk-ui.js';
init();
