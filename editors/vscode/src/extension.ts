// Starts `blueprint lsp` for *.blueprint.yaml files and shows the server's SVG beside the editor.
// Everything a user sees comes from the server: this file only wires it into VS Code.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

const RENDER_SVG = "blueprint/renderSvg";
const SELECTOR = [{ scheme: "file", pattern: "**/*.blueprint.yaml" }];

let client: LanguageClient | undefined;

interface Rendered {
  svg: string | null;
  error: string | null;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("blueprint").get<string[]>("server.command") ?? ["blueprint", "lsp"];
  const serverOptions: ServerOptions = { command: command[0], args: command.slice(1) };
  const clientOptions: LanguageClientOptions = { documentSelector: SELECTOR };
  client = new LanguageClient("blueprint", "Blueprint", serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(
    vscode.commands.registerCommand("blueprint.openPreview", () => openPreview(context)),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

function openPreview(context: vscode.ExtensionContext): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) {
    return;
  }
  const document = editor.document;
  const panel = vscode.window.createWebviewPanel(
    "blueprint.preview",
    `Preview: ${document.fileName.split(/[\\/]/).pop()}`,
    vscode.ViewColumn.Beside,
    { enableScripts: false },
  );
  const refresh = async (): Promise<void> => {
    const uri = client!.code2ProtocolConverter.asUri(document.uri);
    const result = await client!.sendRequest<Rendered>(RENDER_SVG, { uri });
    panel.webview.html = page(result);
  };
  const saved = vscode.workspace.onDidSaveTextDocument((saved) => {
    if (saved.uri.toString() === document.uri.toString()) {
      void refresh();
    }
  });
  panel.onDidDispose(() => saved.dispose(), null, context.subscriptions);
  void refresh();
}

function page(result: Rendered): string {
  // The diagram is an image (no script can run in it); an error is text, escaped.
  const body = result.svg
    ? `<img alt="diagram" src="data:image/svg+xml;base64,${Buffer.from(result.svg, "utf-8").toString("base64")}">`
    : `<p>${escape(result.error ?? "")}</p>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline';">
<style>body{background:#fff;margin:0;padding:8px}img{max-width:none}</style></head><body>${body}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
