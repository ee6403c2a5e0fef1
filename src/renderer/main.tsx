document.getElementById('root')!.textContent = 'ViT Studio';
