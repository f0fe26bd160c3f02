// Placeholder: the PaDiM model lands here.
export {};
