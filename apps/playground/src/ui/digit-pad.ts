import { DIGIT_SIDE, downsampleDigit } from "../digits/downsample.js";
import { argmax } from "../model/metrics.js";
import { h, hiDpiCanvas } from "./dom.js";

const PAD = 168;
const PREVIEW = 64;

/**
 * A pad to draw a digit on: the drawing is reduced to the digits set's 8x8
 * grid, shown next to it, and sent for a prediction whenever a stroke ends.
 */
export class DigitPad {
  readonly element: HTMLElement;
  private readonly pad: HTMLCanvasElement;
  private readonly preview: HTMLCanvasElement;
  private readonly bars: HTMLElement;
  private readonly answer: HTMLElement;
  private drawing = false;
  private last: { x: number; y: number } | null = null;

  constructor(private readonly predict: (pixels: Float32Array) => void) {
    this.pad = h("canvas", {
      id: "digit-pad",
      class: "digit-pad",
      width: PAD,
      height: PAD,
      "aria-label": "Draw a digit",
    });
    this.preview = hiDpiCanvas(PREVIEW, PREVIEW, {
      class: "digit-preview",
      "aria-label": "8 by 8 input",
    });
    this.bars = h("div", { class: "bars", id: "digit-probabilities" });
    this.answer = h("div", { class: "digit-answer", id: "digit-answer" }, "Draw a digit");
    this.clear();
    this.pad.addEventListener("pointerdown", (event) => {
      this.drawing = true;
      this.pad.setPointerCapture(event.pointerId);
      this.last = this.position(event);
      this.stroke(this.last);
    });
    this.pad.addEventListener("pointermove", (event) => {
      if (this.drawing) {
        this.stroke(this.position(event));
      }
    });
    const end = () => {
      if (this.drawing) {
        this.drawing = false;
        this.last = null;
        this.submit();
      }
    };
    this.pad.addEventListener("pointerup", end);
    this.pad.addEventListener("pointercancel", end);
    this.element = h(
      "div",
      { class: "digit-box" },
      h(
        "div",
        { class: "digit-inputs" },
        this.pad,
        h(
          "div",
          { class: "digit-side" },
          this.preview,
          this.answer,
          h("button", { onclick: () => this.clear(), id: "digit-clear" }, "Clear"),
        ),
      ),
      this.bars,
    );
  }

  /** Shows the class probabilities of the last drawing. */
  show(probabilities: Float32Array): void {
    const best = argmax(probabilities);
    this.bars.dataset.probabilities = JSON.stringify(Array.from(probabilities));
    const percent = Math.round(probabilities[best]! * 100);
    this.answer.textContent = `It looks like a ${best} (${percent} %)`;
    this.bars.replaceChildren(
      ...Array.from(probabilities, (p, digit) =>
        h(
          "div",
          {
            class: digit === best ? "bar best" : "bar",
            title: `${digit}: ${(p * 100).toFixed(1)} %`,
          },
          h("span", { class: "bar-label" }, String(digit)),
          h(
            "span",
            { class: "bar-track" },
            h("span", { class: "bar-fill", style: `width: ${(p * 100).toFixed(1)}%` }),
          ),
          h("span", { class: "bar-value" }, `${(p * 100).toFixed(0)} %`),
        ),
      ),
    );
  }

  clear(): void {
    const context = this.pad.getContext("2d")!;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, PAD, PAD);
    this.drawPreview(new Float32Array(DIGIT_SIDE * DIGIT_SIDE));
    this.answer.textContent = "Draw a digit";
    this.bars.replaceChildren();
  }

  private position(event: PointerEvent): { x: number; y: number } {
    const box = this.pad.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * PAD,
      y: ((event.clientY - box.top) / box.height) * PAD,
    };
  }

  private stroke(to: { x: number; y: number }): void {
    const context = this.pad.getContext("2d")!;
    const from = this.last ?? to;
    context.strokeStyle = "#111";
    context.lineWidth = 13;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x + 0.01, to.y);
    context.stroke();
    this.last = to;
  }

  private submit(): void {
    const pixels = this.pad.getContext("2d")!.getImageData(0, 0, PAD, PAD).data;
    const ink = new Float32Array(PAD * PAD);
    for (let i = 0; i < ink.length; i++) {
      ink[i] = 1 - pixels[4 * i]! / 255;
    }
    const digit = downsampleDigit(ink, PAD, PAD);
    this.drawPreview(digit);
    this.predict(digit);
  }

  private drawPreview(digit: Float32Array): void {
    const context = this.preview.getContext("2d")!;
    const cell = PREVIEW / DIGIT_SIDE;
    for (let i = 0; i < digit.length; i++) {
      const shade = Math.round(255 * (1 - digit[i]!));
      context.fillStyle = `rgb(${shade}, ${shade}, ${shade})`;
      context.fillRect((i % DIGIT_SIDE) * cell, Math.floor(i / DIGIT_SIDE) * cell, cell, cell);
    }
  }
}
