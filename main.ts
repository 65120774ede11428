// Placeholder: the example stack lands with the construct layer.
export {};
