// Placeholder: the latent-KDE model lands here.
export {};
