/** A canvas to draw on with mouse, pen or touch: dark ink on white, like a pen on paper. */
export interface DrawingPad {
  /** The canvas pixels (RGBA). */
  read(): ImageData;
  clear(): void;
}

export function createDrawingPad(canvas: HTMLCanvasElement, options: { onStroke: () => void }): DrawingPad {
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const clear = () => {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
  };
  clear();
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.strokeStyle = '#000';
  context.lineWidth = canvas.width / 14;
  let drawing = false;
  const point = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    return [((event.clientX - box.left) * canvas.width) / box.width, ((event.clientY - box.top) * canvas.height) / box.height];
  };
  canvas.addEventListener('pointerdown', (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    const [x, y] = point(event);
    context.beginPath();
    context.moveTo(x, y);
    context.lineTo(x + 0.01, y);
    context.stroke();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const [x, y] = point(event);
    context.lineTo(x, y);
    context.stroke();
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    options.onStroke();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return { read: () => context.getImageData(0, 0, canvas.width, canvas.height), clear };
}
