// The Stanford CRF NER as a line filter, for etl/enrich/_corenlp.py.
// Reads one document per line (UTF-8, base64), writes one line per document:
// "LABEL start end;..." with offsets in UTF-16 units, or "!" and the error.
// Arguments: the classifier (a path in the models jar), then optionally the tokenizer's options.
import edu.stanford.nlp.ie.crf.CRFClassifier;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.util.Triple;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

public class CrfTagger {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    if (args.length > 1 && !args[1].isEmpty()) {
      props.setProperty("tokenizerOptions", args[1]);
    }
    CRFClassifier<CoreLabel> crf = CRFClassifier.getClassifier(args[0], props);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    out.println("ready");
    String line;
    while ((line = in.readLine()) != null) {
      StringBuilder answer = new StringBuilder();
      try {
        String text = new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8);
        for (Triple<String, Integer, Integer> span : crf.classifyToCharacterOffsets(text)) {
          answer.append(span.first()).append(' ').append(span.second()).append(' ')
              .append(span.third()).append(';');
        }
      } catch (RuntimeException e) {
        answer.setLength(0);
        answer.append('!').append(String.valueOf(e).replace('\n', ' '));
      }
      out.println(answer);
    }
  }
}
