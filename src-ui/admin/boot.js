// Loads site administration's wasm bundle (its own: the floor app does not carry it).
import init from './floordesk-admin.js';
init();
