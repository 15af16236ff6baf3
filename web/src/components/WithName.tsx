// Puts a person's name into a translated sentence, isolated with <bdi> so that, say, a Latin
// name inside an Arabic sentence keeps the sentence's order intact.
const SLOT = '\u0000';

export function WithName({ template, name }: { template: (name: string) => string; name: string }) {
  const [before, after = ''] = template(SLOT).split(SLOT);
  return (
    <>
      {before}
      <bdi>{name}</bdi>
      {after}
    </>
  );
}
