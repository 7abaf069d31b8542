/**
 * "RIS: Show PRISMA Flow Diagram": the review's PRISMA 2020 flow diagram in a webview beside the
 * manifest, drawn again whenever the review service computes new counts, with an "Export SVG…"
 * button. The webview runs no script of ours beyond posting the export request: its CSP allows
 * only inline styles and one script with a nonce; the SVG is the core's, whose text is escaped.
 */
import * as vscode from 'vscode';
import { MANIFEST_FILE_NAME } from '../../core/review/manifest';
import type { PrismaCounts } from '../../core/review/prismaTemplate';
import type { Log } from '../log';
import type { ReviewService, ReviewState } from './reviewService';

/** What the panel last showed (for tests). */
export interface FlowDiagramShown {
  readonly manifest: vscode.Uri;
  readonly counts: PrismaCounts;
  readonly svg: string;
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The webview's HTML: the SVG, the number of problems, and the export button. */
function panelHtml(webview: vscode.Webview, state: ReviewState): string {
  const n = nonce();
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'unsafe-inline'; script-src 'nonce-${n}';`;
  const problems = state.result.problems.filter((p) => p.severity !== 'info').length;
  const note = problems > 0 ? `<p class="note">${problems} problem${problems === 1 ? '' : 's'} in ${escapeHtml(MANIFEST_FILE_NAME)} (see the Problems panel).</p>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style>
body { padding: 8px 16px; }
.bar { margin-bottom: 8px; }
.diagram { background: #fff; display: inline-block; padding: 8px; }
.diagram svg { max-width: 100%; height: auto; }
.note { color: var(--vscode-problemsWarningIcon-foreground, inherit); }
</style></head>
<body>
<div class="bar"><button id="export">Export SVG…</button></div>
${note}
<div class="diagram">${state.svg}</div>
<script nonce="${n}">
const vscode = acquireVsCodeApi();
document.getElementById('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
</script>
</body></html>`;
}

/** The flow-diagram panel: one per window, following the manifest it was opened for. */
export class FlowDiagramPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private manifest: vscode.Uri | undefined;
  private lastShown: FlowDiagramShown | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly reviews: ReviewService,
    private readonly log: Log,
  ) {
    this.disposables.push(
      reviews.onDidChange(() => void this.update()),
      vscode.commands.registerCommand('ris.review.showFlowDiagram', (uri?: unknown) => this.show(uri instanceof vscode.Uri ? uri : undefined)),
      vscode.commands.registerCommand('ris.review.exportFlowDiagram', () => this.exportSvg()),
    );
  }

  /** What the panel last showed, undefined when it is closed. */
  get shown(): FlowDiagramShown | undefined {
    return this.panel ? this.lastShown : undefined;
  }

  /** Opens (or reveals) the panel for a manifest: the given one, the active editor's, or the workspace's first. */
  async show(uri?: vscode.Uri): Promise<void> {
    const active = vscode.window.activeTextEditor?.document.uri;
    const target = uri ?? (active && this.reviews.isManifest(active) ? active : (await this.reviews.states())[0]?.uri);
    if (!target) {
      void vscode.window.showInformationMessage(`No ${MANIFEST_FILE_NAME} in the workspace. Write one with "ris-references prisma --init", or see the README's review section.`);
      return;
    }
    this.manifest = target;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('ris.prismaFlow', 'PRISMA Flow Diagram', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.lastShown = undefined;
      }, undefined, this.disposables);
      this.panel.webview.onDidReceiveMessage((m: unknown) => {
        if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'export') void this.exportSvg();
      }, undefined, this.disposables);
    } else this.panel.reveal(vscode.ViewColumn.Beside, true);
    await this.update();
  }

  private async update(): Promise<void> {
    if (!this.panel || !this.manifest) return;
    const state = await this.reviews.stateOf(this.manifest);
    if (!this.panel) return;
    if (!state) {
      this.panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body><p>${escapeHtml(this.manifest.toString(true))} cannot be read.</p></body></html>`;
      this.lastShown = undefined;
      return;
    }
    this.panel.title = `PRISMA: ${state.parsed.manifest.title ?? MANIFEST_FILE_NAME}`;
    this.panel.webview.html = panelHtml(this.panel.webview, state);
    this.lastShown = { manifest: state.uri, counts: state.result.counts, svg: state.svg };
  }

  /** Asks where to save the diagram and writes it there. */
  async exportSvg(): Promise<void> {
    const manifest = this.manifest ?? (await this.reviews.states())[0]?.uri;
    const state = manifest ? await this.reviews.stateOf(manifest) : undefined;
    if (!state) {
      void vscode.window.showInformationMessage(`No ${MANIFEST_FILE_NAME} to draw.`);
      return;
    }
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(state.folder, 'prisma-flow.svg'), filters: { SVG: ['svg'] }, saveLabel: 'Export' });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${state.svg}\n`));
      this.log.info(`Wrote the PRISMA flow diagram to ${target.toString(true)}`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not write ${target.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
