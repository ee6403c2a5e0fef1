// Placeholder until the Electron host lands.
export {};
